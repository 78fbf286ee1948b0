import Testing
import Foundation
import TestSupport
import FrameStore
@testable import Flipbook

/// Stores written by the Python recorder (`python/flipbook_record`), as the renderer reads them.
@Suite struct RecordedRunTests {
    /// The repository's `python/` folder.
    static let pythonFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("python")

    /// Records a 3-class network (2 → 5 tanh → 3 softmax, standardised inputs) with `layers=`,
    /// and writes NumPy's own forward pass of it over the stored grid as float64 to `numpy.f8`.
    static let script = """
        import json, sqlite3, sys
        import numpy as np
        sys.path.insert(0, sys.argv[2])
        from flipbook_record import Recorder
        rng = np.random.default_rng(3)
        X = rng.normal(0, 2, (60, 2)) + [5, -1]
        y = np.arange(60) % 3
        mean, dev = X.mean(0), X.std(0)
        W1, b1, W2, b2 = rng.normal(0, 1, (2, 5)), rng.normal(0, 1, 5), rng.normal(0, 2, (5, 3)), rng.normal(0, 1, 3)
        with Recorder(sys.argv[1], X, y, class_names=["a", "b", "c"], mean=mean, deviation=dev, grid=40) as rec:
            rec.log(0, train_loss=1.0, layers=[(W1, b1), (W2, b2)], activations=["tanh", "softmax"])
        db = sqlite3.connect(sys.argv[1] + "/frames.sqlite")
        x0, x1, y0, y1 = json.loads(db.execute("SELECT field_extent FROM run").fetchone()[0])
        xs, ys = np.linspace(x0, x1, 40), np.linspace(y1, y0, 40)
        P = (np.stack(np.meshgrid(xs, ys), -1).reshape(-1, 2) - mean) / dev
        Z = np.tanh(P @ W1 + b1) @ W2 + b2
        E = np.exp(Z - Z.max(1, keepdims=True))
        (E / E.sum(1, keepdims=True)).astype("<f8").tofile(sys.argv[1] + "/numpy.f8")
        """

    @Test func aLoggedNetworksFieldIsNumPysForwardPassOfIt() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent("run")
        let python = try flipbookPython(["-c", Self.script, run.path, Self.pythonFolder.path], in: directory)
        #expect(python.status == 0, "\(python.stderr)")
        let store = try FrameStore.open(at: run.appendingPathComponent("frames.sqlite").path)
        #expect(store.run.recordedBy.hasPrefix("flipbook_record"))
        #expect(store.run.architecture.activations == [.tanh, .identity] && store.run.architecture.loss == .softmaxCrossEntropy)
        let scene = RunScene(run: store.run, metrics: store.metrics)
        let record = try #require(try store.epoch(0))
        let field = scene.field(of: try scene.model(of: record, in: store))
        let numpy = try Data(contentsOf: run.appendingPathComponent("numpy.f8")).withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        #expect(field.columns == 40 && field.rows == 40 && field.channels == 3)
        #expect(field.values.count == numpy.count)
        let worst = zip(field.values, numpy).map { abs(Double($0) - $1) }.max() ?? .infinity
        #expect(worst < 1e-5, "largest difference \(worst)")
    }

    /// Trains a PyTorch `nn.Sequential` (2 → 8 tanh → 8 relu → 1, logits) and a scikit-learn
    /// `MLPClassifier` for a few steps, records each with `model=` alone, and writes the model's
    /// own probabilities of class 1 over the stored grid (torch's sigmoid of its logits,
    /// `predict_proba`) as float64 to `model.f8` in each run.
    static let modelScript = """
        import json, sqlite3, sys
        import numpy as np
        sys.path.insert(0, sys.argv[2])
        import torch
        from sklearn.neural_network import MLPClassifier
        from flipbook_record import Recorder
        torch.manual_seed(0)
        rng = np.random.default_rng(1)
        X = rng.normal(0, 1.5, (80, 2)) + [3, -2]
        y = (X[:, 0] - 3 > (X[:, 1] + 2) ** 2 - 1).astype(int)
        mean, dev = X.mean(0), X.std(0)
        def grid(run):
            db = sqlite3.connect(run + "/frames.sqlite")
            x0, x1, y0, y1 = json.loads(db.execute("SELECT field_extent FROM run").fetchone()[0])
            xs, ys = np.linspace(x0, x1, 32), np.linspace(y1, y0, 32)
            return (np.stack(np.meshgrid(xs, ys), -1).reshape(-1, 2) - mean) / dev
        model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
        optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
        inputs, targets = torch.tensor((X - mean) / dev, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)[:, None]
        run = sys.argv[1] + "/torch"
        with Recorder(run, X, y, mean=mean, deviation=dev, grid=32, criterion=torch.nn.BCEWithLogitsLoss()) as rec:
            for epoch in range(5):
                loss = torch.nn.functional.binary_cross_entropy_with_logits(model(inputs), targets)
                optimizer.zero_grad(); loss.backward(); optimizer.step()
                rec.log(epoch, model=model, train_loss=loss)
        with torch.no_grad():
            p = torch.sigmoid(model(torch.tensor(grid(run), dtype=torch.float32))).double().numpy().ravel()
        p.astype("<f8").tofile(run + "/model.f8")
        mlp = MLPClassifier(hidden_layer_sizes=(6,), activation="relu", random_state=0, learning_rate_init=0.05)
        run = sys.argv[1] + "/sklearn"
        with Recorder(run, X, y, mean=mean, deviation=dev, grid=32) as rec:
            for epoch in range(5):
                mlp.partial_fit((X - mean) / dev, y, classes=[0, 1])
                rec.log(epoch, model=mlp, train_loss=mlp.loss_)
        mlp.predict_proba(grid(run))[:, 1].astype("<f8").tofile(run + "/model.f8")
        """

    /// Flipbook's own forward pass of a recorded PyTorch module and scikit-learn MLP gives the
    /// model's own outputs over the grid to 1e-5.
    @Test func aRecordedTorchOrSklearnModelsFieldIsTheModelsOwnOutput() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let python = try flipbookPython(["-c", Self.modelScript, directory.path, Self.pythonFolder.path], in: directory)
        #expect(python.status == 0, "\(python.stderr)")
        for name in ["torch", "sklearn"] {
            let run = directory.appendingPathComponent(name)
            let store = try FrameStore.open(at: run.appendingPathComponent("frames.sqlite").path)
            #expect(store.run.model == .network && store.run.architecture.loss == .binaryCrossEntropy, "\(name) is recorded as layers")
            let scene = RunScene(run: store.run, metrics: store.metrics)
            let field = scene.field(of: try scene.model(of: try #require(try store.epoch(4)), in: store))
            let model = try Data(contentsOf: run.appendingPathComponent("model.f8")).withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
            #expect(field.values.count == model.count && field.channels == 1, "\(name)")
            let worst = zip(field.values, model).map { abs(Double($0) - $1) }.max() ?? .infinity
            #expect(worst < 1e-5, "\(name): largest difference \(worst)")
        }
    }
}

/// Runs Debian's `python3` (where scripts/setup.sh installs NumPy), or the first on the PATH.
func flipbookPython(_ arguments: [String], in directory: URL) throws -> CommandResult {
    FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
        ? try run("/usr/bin/python3", arguments, in: directory)
        : try run("/usr/bin/env", ["python3"] + arguments, in: directory)
}

/// How a field run's frames mark mistakes.
@Suite struct FieldMistakeTests {
    /// Three samples (labels 0, 1, 1) of a field run on a 4 × 4 grid whose field says class 0 everywhere.
    static func scene(isTest: [Bool] = [true, true, true]) -> RunScene {
        let run = StoredRun(configJSON: "{}",
                            architecture: Architecture(layerSizes: [2, 1], activations: [.identity], loss: .binaryCrossEntropy),
                            dataset: StoredDataset(name: "three", kind: .points2D, featureCount: 2, classNames: ["a", "b"],
                                                   features: [-0.5, -0.5, 0, 0.5, 0.5, 0], labels: [0, 1, 1], targets: [],
                                                   isTest: isTest, mean: [0, 0], deviation: [1, 1]),
                            model: .field, fieldGrid: FieldGrid(minX: -1, maxX: 1, minY: -1, maxY: 1, size: 4))
        return RunScene(run: run, metrics: [])
    }

    @Test func storedPredictionsMarkTheMistakesAndTheFieldOnlyWithoutThem() {
        let scene = Self.scene()
        let field = scene.field(Array(repeating: 0.1, count: 16), outputs: 1)
        let byField = scene.markedPoints(for: .field(field, predicted: []))
        #expect(byField.points.map(\.isMisclassified) == [false, true, true] && byField.mistakes == Mistakes(test: 2))
        let byClasses = scene.markedPoints(for: .field(field, predicted: [1, 1, 1]))
        #expect(byClasses.points.map(\.isMisclassified) == [true, false, false] && byClasses.mistakes == Mistakes(test: 1))
    }

    /// Training points are ringed too, and counted apart: the final title says what is ringed.
    @Test func mistakesAreCountedByPartAsTheyAreRinged() {
        let scene = Self.scene(isTest: [true, true, false])
        let field = scene.field(Array(repeating: 0.1, count: 16), outputs: 1)
        let marked = scene.markedPoints(for: .field(field, predicted: []))
        #expect(marked.points.filter(\.isMisclassified).count == 2)
        #expect(marked.mistakes == Mistakes(test: 1, training: 1))
        #expect(marked.mistakes.described(testPoints: 2, trainingPoints: 1) == "wrong: 1 of 2 test, 1 of 1 training points")
        #expect(Mistakes(test: 2).described(testPoints: 200, trainingPoints: 800) == "2 of 200 test points wrong")
    }

    @Test func aFieldIsReadBilinearlyWhereAPointLies() {
        // P(class 1) rises from 0 on the left edge to 1 on the right: the boundary is x = 0.
        let values = (0..<16).map { Float($0 % 4) / 3 }
        let field = Self.scene().field(values, outputs: 1)
        #expect(RunScene.predictedClass(in: field, x: -0.05, y: 0.3) == 0)
        #expect(RunScene.predictedClass(in: field, x: 0.05, y: -0.7) == 1)
        #expect(RunScene.predictedClass(in: field, x: 5, y: 0) == 1)           // outside: the nearest edge
        #expect(RunScene.predictedClass(in: field, x: .nan, y: 0) == 0)
    }
}
