import Foundation
import FrameStore

/// What explorer.html's script reads (as `RUN`, JSON): the moments the animations show, each
/// view's frames and GIFs, the metrics, the key epochs and how fast frames play.
struct ExplorerModel: Encodable {
    /// A moment an animation shows: its address key (`240`, `3:20` for 20 steps into epoch 3,
    /// `untrained`), its label, and its place on the chart's epoch axis.
    struct Shown: Encodable, Equatable {
        let key: String
        let label: String
        let x: Double
    }

    /// A file in each theme (either may be missing).
    struct Pictures: Encodable {
        var light: String?
        var dark: String?
    }

    /// One animation: its address name, label, size, what it shows, and its frames.
    struct View: Encodable {
        let id: String
        let label: String
        let sentence: String
        let width: Int
        let height: Int
        /// Indices into `moments` of the frames drawn, in order; nil when it shows every moment.
        let frames: [Int]?
        /// For each frame drawn, the GIF frame showing it; nil when they are the same.
        let gifFrames: [Int]?
        /// The scripts holding the GIF of each theme, without `.js`: `decision_boundary.gif`.
        let gifs: [String: String]
        let posters: Pictures
    }

    /// One line of metrics (a run's, or a comparison's variant): rows of
    /// `[key, x, train loss, test loss, train score, test score]`, in training order.
    struct Series: Encodable {
        let name: String
        let rows: [[Row]]
    }

    /// A cell of a metrics row: the moment's key or a number (NaN and infinities as null).
    enum Row: Encodable {
        case key(String)
        case number(Double)

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .key(let key): try container.encode(key)
            case .number(let value):
                // Six significant digits, as metrics.csv writes them: the page shows four.
                if value.isFinite { try container.encode(Double(String(format: "%.6g", value)) ?? value) } else { try container.encodeNil() }
            }
        }
    }

    let title: String
    let themes: [String]
    let fps: Int
    /// Seconds a key epoch's frame is held when playing (`--hold`).
    let hold: Double
    let score: String
    let scoreIsPercent: Bool
    let keys: [String]
    let moments: [Shown]
    let views: [View]
    let series: [Series]

    /// The model as JSON for a `<script>`: `/` escaped, so no `</script>` can close it early.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The moment a frame shows.
    static func moment(_ frame: Frame, stepsPerEpoch: Int?) -> Shown {
        switch frame {
        case .beforeTraining:
            return Shown(key: "untrained", label: "before training", x: -1)
        case .recorded(let moment):
            let x = moment.step.map { step in Double(moment.epoch) - 1 + Double(step) / Double(max(stepsPerEpoch ?? 1, 1)) } ?? Double(moment.epoch)
            return Shown(key: key(moment), label: moment.description, x: x)
        }
    }

    /// A moment's address key: `240`, or `3:20` for 20 steps into epoch 3.
    static func key(_ moment: Moment) -> String {
        moment.step.map { "\(moment.epoch):\($0)" } ?? String(moment.epoch)
    }

    /// A metrics row of `record`.
    static func row(_ record: EpochRecord, stepsPerEpoch: Int?) -> [Row] {
        [.key(key(Moment(epoch: record.epoch, step: record.step))), .number(record.position(stepsPerEpoch: stepsPerEpoch)),
         .number(record.trainLoss), .number(record.testLoss), .number(record.trainScore), .number(record.testScore)]
    }
}
