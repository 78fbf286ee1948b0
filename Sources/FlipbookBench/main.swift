// flipbook-bench: the project's release-mode measurements. Run with
//   swift run -c release flipbook-bench [core|training|defaults|render|pipeline|inside|image|reference|all]
// `image` needs Fashion-MNIST (bash scripts/setup.sh --fashion-mnist) and NumPy. `defaults`
// exits with status 1 when a data set's defaults train below their least score.
// Each area prints its own figures; compare ratios measured in one run, not absolute times.

import Flipbook
import Foundation

Allocator.keepLargeBuffers()      // as the flipbook command does
let areas = CommandLine.arguments.dropFirst()
if areas.first == "blis-probe" {     // internal: one BLIS configuration's figure, for `core`
    runBLISProbe()
    exit(0)
}
let known = ["core", "training", "defaults", "render", "pipeline", "inside", "image", "reference", "all"]
if let unknown = areas.first(where: { !known.contains($0) }) {
    FileHandle.standardError.write(Data("flipbook-bench: unknown area '\(unknown)' (expected one of: \(known.joined(separator: ", ")))\n".utf8))
    exit(2)
}
let selected = areas.isEmpty ? ["all"] : Array(areas)
if selected.contains("core") || selected.contains("all") { runCoreBenchmarks() }
if selected.contains("training") { compareReferenceRunWithNumPy(rounds: 3); compareOneThreadWithShards() }
let defaultsMet = selected.contains("defaults") || selected.contains("all") ? runDefaultsBenchmarks() : true
if selected.contains("render") || selected.contains("all") { runRenderBenchmarks() }
if selected.contains("pipeline") || selected.contains("all") { runPipelineBenchmarks() }
if selected.contains("inside") { runInsideViewBenchmarks() }   // part of `pipeline`, alone
if selected.contains("image") || selected.contains("all") { runImageBenchmarks() }
if selected.contains("reference") || selected.contains("all") { runReferenceBenchmarks() }
if !defaultsMet { exit(1) }
