import Foundation

/// How the learning rate changes over the epochs, as a factor of the initial rate.
public enum LearningRateSchedule: String, Sendable, CaseIterable, Codable {
    /// The same rate every epoch.
    case constant
    /// Step decay: ×0.1 from half-way through the epochs and ×0.01 from three quarters.
    case step
    /// Cosine annealing (Loshchilov & Hutter, 2017): ½(1 + cos(π·e/E)) at epoch e of E.
    case cosine

    /// The factor of the initial learning rate at `epoch` (from 0) of `epochs`.
    @inlinable
    public func factor(epoch: Int, of epochs: Int) -> Double {
        switch self {
        case .constant:
            return 1
        case .step:
            let progress = Double(epoch) / Double(max(epochs, 1))
            return progress >= 0.75 ? 0.01 : progress >= 0.5 ? 0.1 : 1
        case .cosine:
            return 0.5 * (1 + cos(Double.pi * Double(epoch) / Double(max(epochs, 1))))
        }
    }
}
