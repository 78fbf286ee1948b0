import FrameStore
import Neural
import Render

/// What one frame shows the model by: a network Flipbook evaluates itself (at any size), or the
/// field another trainer stored on the run's grid (`flipbook_record`'s `predict=`).
enum FrameModel: Sendable {
    /// A dense network rebuilt from the frame's parameters.
    case network(Network<Float>)
    /// The model's stored output on the run's field grid (nil where the pictures do not show it:
    /// a regression over the plane), and the class it predicts for each sample when the
    /// recorder stored them (else empty: mistakes are read from the field).
    case field(ValueField?, predicted: [Int32])

    /// The network, when the frame holds one.
    var network: Network<Float>? {
        if case .network(let network) = self { return network }
        return nil
    }
}
