import Foundation
import Testing
import TestSupport
import FrameStore
import LinearAlgebra
import Neural
@testable import Flipbook

/// The loss landscape: its plane (the path's principal components, or filter-normalised random
/// directions), the loss on its grid, the path on it, `landscape.npz`, and the runs it is not drawn for.
@Suite struct LandscapeTests {
    /// The trajectory plane of four points in four parameters matches scikit-learn's PCA.
    ///
    /// Expected values from scikit-learn 1.2.1 (Debian's python3):
    /// `P = np.array([[1, 2, 0, -1], [.5, 1.5, .25, -.5], [.25, .5, 0, .5], [0, 0, .5, 0]]); D = P - P[-1];`
    /// `pca = PCA(n_components=2).fit(D)`; `pca.components_`, `pca.explained_variance_ratio_`, `D @ pca.components_.T`.
    @Test func theTrajectoryPlaneIsThePathsPCA() throws {
        let path: [[Float]] = [[1, 2, 0, -1], [0.5, 1.5, 0.25, -0.5], [0.25, 0.5, 0, 0.5], [0, 0, 0.5, 0]]
        let plane = try #require(LandscapePlane.trajectory(path))
        let components = [[0.35605273, 0.77785908, -0.10222627, -0.50765292], [0.19202495, 0.32033561, -0.5612994, 0.73854891]]
        for (direction, expected) in zip(plane.directions, components) {
            for (value, reference) in zip(direction, expected) { #expect(abs(value - reference) < 1e-7, "\(direction) against \(expected)") }
        }
        let ratios = try #require(plane.explainedVarianceRatio)
        #expect(abs(ratios[0] - 0.90476668) < 1e-7 && abs(ratios[1] - 0.08350053) < 1e-7, "\(ratios)")
        let projections = [(2.47053695, 0.37479695), (1.62419802, 0.34756628), (0.2752294, 0.8580982), (0.0, 0.0)]
        for (point, expected) in zip(path, projections) {
            let (alpha, beta) = plane.coordinates(of: point)
            #expect(abs(alpha - expected.0) < 1e-7 && abs(beta - expected.1) < 1e-7, "\(alpha), \(beta) against \(expected)")
        }
        #expect(plane.center == path[3] && !plane.secondDirectionIsRandom)
    }
}
