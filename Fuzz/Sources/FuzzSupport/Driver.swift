import CLibFuzzer
import Foundation

/// Hands the process to libFuzzer with `testOneInput` as the target and exits with its status.
///
/// SwiftPM links an executable target's main under another name (`<Module>_main`) and points
/// `main` at it, so libFuzzer's own `main` is never linked in: each fuzzer's main.swift calls this.
public func runLibFuzzer(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
}
