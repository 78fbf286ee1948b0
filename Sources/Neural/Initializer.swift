import LinearAlgebra

/// How a dense layer's weights are drawn before training (biases start at zero).
public enum Initializer: Sendable, Equatable {
    /// Glorot/Xavier uniform: U(−√(6/(in+out)), +√(6/(in+out))) (Glorot & Bengio, 2010). Suits tanh and sigmoid.
    case glorotUniform
    /// He normal: N(0, 2/in) (He et al., 2015). Suits ReLU and its leaky variant.
    case heNormal
    /// Uniform on (−limit, +limit).
    case uniform(limit: Double)

    /// The customary initialiser for a layer followed by `activation`.
    public static func standard(for activation: Activation) -> Initializer {
        switch activation {
        case .relu, .leakyReLU: .heNormal
        default: .glorotUniform
        }
    }

    /// A `fanIn × fanOut` weight matrix drawn from `generator`.
    public func weights<Scalar: BLASScalar>(
        fanIn: Int, fanOut: Int, using generator: inout SeededGenerator
    ) -> Matrix<Scalar> {
        var w = Matrix<Scalar>(rows: fanIn, columns: fanOut)
        for i in 0..<w.count {
            let value: Double
            switch self {
            case .glorotUniform:
                let limit = (6.0 / Double(fanIn + fanOut)).squareRoot()
                value = generator.nextUniform(-limit, limit)
            case .heNormal:
                value = generator.nextGaussian() * (2.0 / Double(fanIn)).squareRoot()
            case .uniform(let limit):
                value = generator.nextUniform(-limit, limit)
            }
            w.elements[i] = Scalar(value)
        }
        return w
    }
}
