import Testing
import Foundation
import TestSupport
@testable import Flipbook

/// Every refusal quotes what was typed, byte for byte — even one made after parsing, once the
/// value met the data, the run or the store — names the limit in the user's units and says what
/// would work; one `flipbook:` line, exit status 2, nothing written.
@Suite struct RefusalQuotingTests {
    /// Runs `arguments` in `directory` and checks the refusal: status 2, one line that starts
    /// with `prefix`, and no `out` directory written. Returns the line.
    @discardableResult
    private func refused(_ arguments: [String], in directory: URL, out: String, _ prefix: String) throws -> String {
        let result = try flipbook(arguments, in: directory)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix(prefix) && result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(out).path), "\(arguments) wrote \(out)")
        return result.stderr
    }

    /// A budget too small for the smallest animation is quoted as typed ('1.5kB', not '2 kB' or
    /// 1500), the least that works is said in the units it was typed in, and that one works.
    @Test(arguments: [("1.5kB", "kB"), ("0.0015MB", "MB"), ("1500", " bytes")])
    func aTooSmallBudgetIsQuotedAndTheLeastThatWorksSaidInItsUnits(typed: String, unit: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let trained = try flipbook(["run", "--out", "r", "--epochs", "20", "--samples", "100", "--views", "loss", "--size", "160"], in: directory)
        #expect(trained.status == 0, "\(trained.stderr)")
        let line = try refused(["render", "r", "--out", "small", "--max-bytes", typed], in: directory, out: "small",
                               "flipbook: invalid max-bytes '\(typed)': expected at least ")
        let match = try #require(try Regex("--max-bytes ([0-9.]+(kB|MB)?) ").firstMatch(in: line), "what would work: \(line)")
        let least = String(try #require(match.output[1].substring))
        #expect(line.contains("at least \(least.hasSuffix("B") ? String(least.dropLast(2)) : least)\(unit)"), "in the user's units: \(line)")
        let fits = try flipbook(["render", "r", "--out", "small", "--max-bytes", least], in: directory)
        #expect(fits.status == 0, "the budget said to work, \(least), works: \(fits.stderr)")
    }

    /// A decimal budget reads as the whole bytes it names, and the least budget is rounded up to
    /// three significant digits in the units it was typed in.
    @Test func aBudgetReadsAsTheBytesItNames() throws {
        #expect(try SizeBudget.bytes(parsing: "0.0015MB") == 1500 && SizeBudget.bytes(parsing: "1.5kB") == 1500)
        #expect(try SizeBudget.bytes(parsing: "1000.7") == 1000)
        #expect(SizeBudget.leastText(180_254, scale: 1e3) == "181" && SizeBudget.leastText(180_254, scale: 1e6) == "0.181")
        #expect(SizeBudget.leastText(181_000, scale: 1e6) == "0.181" && SizeBudget.leastText(1_234, scale: 1) == "1234")
        #expect(SizeBudget.leastText(2_000_001, scale: 1e6) == "2.01")
    }

    /// Key epochs past the run's end, too many of them, or not recorded in the store drawn.
    @Test func keyEpochsAreQuotedAsTyped() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try refused(["run", "--out", "r", "--epochs", "5", "--key-epochs", "0, 7"], in: directory, out: "r",
                    "flipbook: invalid key-epochs '0, 7': expected epochs from 0 to 4 (the run has 5 epochs; 7 is past its end)")
        let many = (0...100).map(String.init).joined(separator: ",")
        try refused(["run", "--out", "r", "--key-epochs", many], in: directory, out: "r",
                    "flipbook: invalid key-epochs '\(Excerpt.of(many))': expected at most 100 key epochs (it names 101)")
        let trained = try flipbook(["run", "--out", "r", "--epochs", "5", "--samples", "60", "--views", "loss", "--size", "160"], in: directory)
        #expect(trained.status == 0, "\(trained.stderr)")
        try refused(["render", "r", "--out", "again", "--key-epochs", "0, 9"], in: directory, out: "again",
                    "flipbook: invalid key-epochs '0, 9': expected epochs with recorded parameters (recorded epochs run 0…4; 9 is not one)")
    }

    /// Settings refused once the network or the batches are known quote what was typed.
    @Test func settingsRefusedAfterParsingAreQuotedAsTyped() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try refused(["run", "--out", "r", "--hidden", "65536, 65536"], in: directory, out: "r",
                    "flipbook: invalid hidden '65536, 65536': expected a network of at most 50,000,000 parameters")
        try refused(["run", "--out", "r", "--record-every-steps", "05"], in: directory, out: "r",
                    "flipbook: invalid record-every-steps '05': expected 0 for a full-batch run")
        try refused(["compare", "--out", "c", "--vary", "learning-rate=1,2,3,4,5", "--vary", "seed=1,2,3,4"], in: directory, out: "c",
                    "flipbook: invalid vary 'learning-rate=1,2,3,4,5 --vary seed=1,2,3,4': expected at most 16 variants in one comparison (these make 20)")
    }
}
