import Datasets
import FrameStore
import LinearAlgebra

/// A setting that makes no sense (from `LinearAlgebra`), re-exported for the command line.
public typealias SettingError = LinearAlgebra.SettingError

/// True for errors caused by the user's input (settings, files, output paths): the command line
/// prints them as one line and exits with status 2.
public func isInputError(_ error: Error) -> Bool {
    error is SettingError || error is DatasetError || error is FrameStoreError || error is OutputError
}
