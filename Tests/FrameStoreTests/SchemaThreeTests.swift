import Testing
import Foundation
import TestSupport
@testable import FrameStore

/// Schema 3: field runs, snapshots inside epochs, the recorder's name; and stores of version 2
/// still open.
@Suite struct SchemaThreeTests {
    @Test func aFieldRunWritesAndReadsBackItsFields() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("frames.sqlite").path
        let store = try FrameStore.create(at: path, run: fieldRun())
        for record in fieldEpochs() { try store.append(record) }
        try store.finish(.completed)
        let reader = try FrameStore.open(at: path)
        var expected = fieldRun()
        expected.status = .completed
        #expect(reader.run == expected)
        #expect(reader.version == FrameStore.schemaVersion)
        #expect(reader.frameEpochs == [0, 1, 2, 4])
        #expect(try reader.epoch(2) == fieldEpochs()[2])
        #expect(try reader.epoch(3)?.field == [])
        var seen: [Int] = []
        try reader.forEachFrame { record in
            seen.append(record.epoch)
            #expect(record.parameters.isEmpty && record.field == fieldEpochs()[record.epoch].field)
            #expect(record.predicted == fieldEpochs()[record.epoch].predicted)
        }
        #expect(seen == [0, 1, 2, 4])
    }

    @Test func probabilitiesAreKeptToTheNearest255th() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("frames.sqlite").path
        let store = try FrameStore.create(at: path, run: fieldRun())
        let field = (0..<16).map { Float($0) / 15 * 0.999 + 0.0004 }
        try store.append(EpochRecord(epoch: 0, trainLoss: 0.5, testLoss: .nan, trainScore: .nan, testScore: .nan, seconds: 0,
                                     parameters: [], field: field))
        let read = try #require(try FrameStore.open(at: path).epoch(0)?.field)
        #expect(zip(read, field).allSatisfy { abs($0 - $1) <= 0.5 / 255 + 1e-7 })
        #expect(read != field)
    }

    @Test func snapshotsInsideEpochsComeBetweenTheirEnds() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("frames.sqlite").path
        var run = sampleRun()
        run.stepsPerEpoch = 4
        let store = try FrameStore.create(at: path, run: run)
        let moments = [Moment(epoch: 0, step: 2), Moment(epoch: 0), Moment(epoch: 1, step: 1), Moment(epoch: 1, step: 3),
                       Moment(epoch: 1), Moment(epoch: 2, step: 2)]
        for (index, moment) in moments.enumerated() {
            var record = sampleEpoch(moment.epoch)
            record.step = moment.step
            record.trainLoss = 1 / Double(index + 1)
            try store.append(record)
        }
        let reader = try FrameStore.open(at: path)
        #expect(reader.timeline.map { Moment(epoch: $0.epoch, step: $0.step) } == moments)
        #expect(reader.frameMoments == moments)
        #expect(reader.metrics.map(\.epoch) == [0, 1])
        #expect(reader.frameEpochs == [0, 1])
        #expect(reader.timeline.map { $0.position(stepsPerEpoch: 4) } == [-0.5, 0, 0.25, 0.75, 1, 1.5])
        #expect(try reader.record(at: Moment(epoch: 1, step: 3))?.trainLoss == 0.25)
        #expect(try reader.record(at: Moment(epoch: 1, step: 3))?.parameters == sampleEpoch(1).parameters)
        #expect(try reader.record(at: Moment(epoch: 1, step: 2)) == nil)
        #expect(moments.sorted() == moments && moments.reversed().sorted() == moments)
    }

    @Test func theWriterRefusesFieldsAndStepsTheReaderWouldRefuse() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let network = try FrameStore.create(at: directory.appendingPathComponent("network.sqlite").path, run: sampleRun())
        var withField = sampleEpoch(0)
        withField.field = Array(repeating: 0.5, count: 16)
        #expect(throws: FrameStoreError.self) { try network.append(withField) }
        var withStep = sampleEpoch(0)
        withStep.step = 1
        #expect(throws: FrameStoreError.self) { try network.append(withStep) }

        let fields = try FrameStore.create(at: directory.appendingPathComponent("field.sqlite").path, run: fieldRun())
        #expect(throws: FrameStoreError.self) { try fields.append(sampleEpoch(0)) }                  // parameters
        var outside = fieldEpochs()[0]
        outside.field[5] = 1.5
        #expect(throws: FrameStoreError.self) { try fields.append(outside) }
        var short = fieldEpochs()[0]
        short.field.removeLast()
        #expect(throws: FrameStoreError.self) { try fields.append(short) }
        var wrongClass = fieldEpochs()[0]
        wrongClass.predicted[1] = 2
        #expect(throws: FrameStoreError.self) { try fields.append(wrongClass) }
        var classesAlone = fieldEpochs()[0]
        classesAlone.field = []
        #expect(throws: FrameStoreError.self) { try fields.append(classesAlone) }
        try fields.append(fieldEpochs()[0])

        var stepping = sampleRun()
        stepping.stepsPerEpoch = 4
        let steps = try FrameStore.create(at: directory.appendingPathComponent("steps.sqlite").path, run: stepping)
        for step in [2, 2, 1, 4] {
            var record = sampleEpoch(0)
            record.step = step
            if step == 2 { _ = try? steps.append(record) } else { #expect(throws: FrameStoreError.self) { try steps.append(record) } }
        }
        try steps.append(sampleEpoch(0))
        var late = sampleEpoch(0)
        late.step = 3
        #expect(throws: FrameStoreError.self) { try steps.append(late) }                 // epoch 0 has ended
        #expect(try FrameStore.open(at: directory.appendingPathComponent("steps.sqlite").path).timeline.count == 2)

        var bad = fieldRun()
        bad.fieldGrid = nil
        #expect(throws: FrameStoreError.self) { try FrameStore.check(bad, path: "x") }
        bad = fieldRun()
        bad.architecture = sampleRun().architecture
        #expect(throws: FrameStoreError.self) { try FrameStore.check(bad, path: "x") }
        bad = sampleRun()
        bad.stepsPerEpoch = 1
        #expect(throws: FrameStoreError.self) { try FrameStore.check(bad, path: "x") }
    }

    /// A store as Flipbook wrote it before schema 3: the same tables without the new columns.
    @Test func aVersionTwoStoreStillOpens() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var run = sampleRun()
        run.initialParameters = (0..<13).map { Float($0) }
        let path = try makeLooseStore(run, epochs: sampleEpochs(), in: directory)
        try execute("""
            ALTER TABLE run DROP COLUMN model; ALTER TABLE run DROP COLUMN field_extent; ALTER TABLE run DROP COLUMN field_size;
            ALTER TABLE run DROP COLUMN recorded_by; ALTER TABLE run DROP COLUMN steps_per_epoch;
            ALTER TABLE epoch DROP COLUMN step; ALTER TABLE epoch DROP COLUMN field; ALTER TABLE epoch DROP COLUMN predicted;
            PRAGMA user_version = 2;
            """, on: path)
        let reader = try FrameStore.open(at: path)
        #expect(reader.version == 2)
        #expect(reader.run.model == .network && reader.run.recordedBy == StoredRun.flipbook && reader.run.fieldGrid == nil)
        #expect(reader.run.initialParameters == run.initialParameters)
        #expect(reader.frameEpochs == [0, 1, 2, 4])
        #expect(try reader.epoch(4)?.parameters == sampleEpoch(4).parameters)
        try execute("PRAGMA user_version = 3", on: path)
        #expect(throws: FrameStoreError.self) { try FrameStore.open(at: path) }              // 3 needs its columns
    }
}
