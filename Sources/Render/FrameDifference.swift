import Foundation

/// The smallest rectangle holding every pixel in which two frames of palette indices (`width ×
/// height`, row after row) differ, or nil when they are identical: what `GIFWriter` and
/// `WebPWriter` encode of a frame after the first.
func changedRect(_ a: [UInt8], _ b: [UInt8], width: Int, height: Int) -> Rect? {
    var minX = Int.max, maxX = -1, minY = Int.max, maxY = -1
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            for y in 0..<height {
                let ra = a.baseAddress! + y * width, rb = b.baseAddress! + y * width
                if memcmp(ra, rb, width) == 0 { continue }
                minY = min(minY, y)
                maxY = y
                var x = 0
                while ra[x] == rb[x] { x += 1 }
                minX = min(minX, x)
                var last = width - 1
                while ra[last] == rb[last] { last -= 1 }
                maxX = max(maxX, last)
            }
        }
    }
    guard maxY >= 0 else { return nil }
    return Rect(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
}
