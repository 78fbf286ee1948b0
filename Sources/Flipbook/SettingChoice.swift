import Neural

/// A setting whose value is one of a fixed list of names: an enumeration whose raw values are the
/// names users type. `RunSetting` reads and lists them, the command line lets its argument parser
/// check them and list them in `--help`, and the code that uses one switches on its cases.
public protocol SettingChoice: RawRepresentable<String>, CaseIterable, Sendable, Equatable {}

/// The activation of the hidden layers (`--activation`).
public enum HiddenActivation: String, SettingChoice {
    case relu
    case leakyReLU = "leaky-relu"
    case tanh
    case sigmoid

    /// The activation function.
    public var activation: Activation {
        switch self {
        case .relu: .relu
        case .leakyReLU: .leakyReLU
        case .tanh: .tanh
        case .sigmoid: .sigmoid
        }
    }
}

/// How the weights are drawn before training (`--init`); unset, each layer takes the customary
/// one for its activation.
public enum InitialWeights: String, SettingChoice {
    /// Glorot uniform.
    case glorot
    /// He normal.
    case he
    /// U(−1, 1).
    case uniform

    /// The initialiser.
    public var initializer: Initializer {
        switch self {
        case .glorot: .glorotUniform
        case .he: .heNormal
        case .uniform: .uniform(limit: 1)
        }
    }
}

/// The output head of a classifier (`--output`); unset, sigmoid for two classes, softmax for more.
public enum OutputHead: String, SettingChoice {
    /// One sigmoid unit: two classes, binary cross-entropy.
    case sigmoid
    /// One sigmoid unit per class, binary cross-entropy on one-hot targets.
    case sigmoidPerClass = "sigmoid-per-class"
    /// One unit per class, softmax cross-entropy.
    case softmax
}

extension RunConfig.OptimizerChoice: SettingChoice {}
extension LearningRateSchedule: SettingChoice {}
