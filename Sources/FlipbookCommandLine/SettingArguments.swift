import ArgumentParser
import Flipbook
import Neural

/// The value of a run setting's option, as the setting's declaration (`RunSetting`) reads it:
/// the text typed, or a choice's name.
protocol SettingArgument: ExpressibleByArgument {
    var settingText: String { get }
}

extension String: SettingArgument {
    var settingText: String { self }
}

extension SettingArgument where Self: SettingChoice {
    var settingText: String { rawValue }
}

// The choices the argument parser checks and lists in `--help` (a new choice type gets one line here).
extension HiddenActivation: ExpressibleByArgument, SettingArgument {}
extension InitialWeights: ExpressibleByArgument, SettingArgument {}
extension OutputHead: ExpressibleByArgument, SettingArgument {}
extension RunConfig.OptimizerChoice: ExpressibleByArgument, SettingArgument {}
extension LearningRateSchedule: ExpressibleByArgument, SettingArgument {}
extension PictureTheme: ExpressibleByArgument, SettingArgument {}
extension AnimationFormat: ExpressibleByArgument, SettingArgument {}
extension FirstFrame: ExpressibleByArgument, SettingArgument {}

/// An option that may hold a run setting's value.
protocol SettingOption {
    /// The setting's text, if the option was given.
    var givenText: String? { get }
}

extension Option: SettingOption where Value: OptionalSettingArgument {
    var givenText: String? { wrappedValue.settingText }
}

/// `Optional<some SettingArgument>`, the type of every setting's option.
protocol OptionalSettingArgument {
    var settingText: String? { get }
}

extension Optional: OptionalSettingArgument where Wrapped: SettingArgument {
    var settingText: String? { self?.settingText }
}
