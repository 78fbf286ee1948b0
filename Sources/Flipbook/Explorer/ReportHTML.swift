import Foundation

/// report.md as HTML for explorer.html: the Markdown the report writes (headings, paragraphs,
/// tables, links, code, bold, pictures), its pictures as links, since the explorer shows them.
enum ReportHTML {
    /// The HTML of `markdown`, without its first heading (the page's title) and without
    /// paragraphs that link to `page` (the explorer itself).
    static func html(_ markdown: String, droppingLinksTo page: String) -> String {
        var out: [String] = []
        var blocks: [[String]] = [[]]
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { blocks.append([]) } else { blocks[blocks.count - 1].append(line) }
        }
        var headingSkipped = false
        for block in blocks where !block.isEmpty {
            let first = block[0]
            if first.hasPrefix("# ") && !headingSkipped {
                headingSkipped = true
            } else if first.hasPrefix("## ") {
                out.append("<h2>\(inline(String(first.dropFirst(3))))</h2>")
            } else if first.hasPrefix("|") {
                out.append(table(block))
            } else if first.hasPrefix("<picture>") || first.hasPrefix("![") {
                out.append("<p>Picture: \(pictureLinks(block))</p>")
            } else if !block.joined().contains("](\(page))") {
                out.append("<p>\(block.map(inline).joined(separator: " "))</p>")
            }
        }
        return out.joined(separator: "\n")
    }

    /// A Markdown table: a header row, the alignment row, the body.
    static func table(_ lines: [String]) -> String {
        let rows = lines.map { line in
            line.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "|"))
                .split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        guard rows.count >= 2 else { return "<p>\(lines.map(inline).joined(separator: " "))</p>" }
        let right = rows[1].map { $0.hasSuffix(":") }
        func cells(_ row: [String], _ tag: String) -> String {
            row.enumerated().map { index, cell in
                let align = index < right.count && right[index] ? " style=\"text-align:right\"" : " style=\"text-align:left\""
                return "<\(tag)\(align)>\(inline(cell))</\(tag)>"
            }.joined()
        }
        let body = rows.dropFirst(2).map { "<tr>\(cells($0, "td"))</tr>" }.joined(separator: "\n")
        return "<table>\n<thead><tr>\(cells(rows[0], "th"))</tr></thead>\n<tbody>\n\(body)\n</tbody>\n</table>"
    }

    /// The files a picture block names (`src`, `srcset`, or `![…](file)`), as links.
    static func pictureLinks(_ lines: [String]) -> String {
        var files: [String] = []
        for line in lines {
            for marker in ["srcset=\"", "src=\""] {
                if let start = line.range(of: marker), let end = line[start.upperBound...].firstIndex(of: "\"") {
                    files.append(String(line[start.upperBound..<end]))
                }
            }
            if line.hasPrefix("!["), let open = line.range(of: "]("), line.hasSuffix(")") {
                files.append(String(line[open.upperBound..<line.index(before: line.endIndex)]))
            }
        }
        return files.reversed().map { "<a href=\"\(ExplorerPage.escaped($0))\">\(ExplorerPage.escaped($0))</a>" }.joined(separator: ", ")
    }

    /// Inline Markdown: `code`, **bold**, [text](link), the rest escaped.
    static func inline(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let character = rest.first {
            if character == "`", let end = rest.dropFirst().firstIndex(of: "`") {
                out += "<code>\(ExplorerPage.escaped(String(rest[rest.index(after: rest.startIndex)..<end])))</code>"
                rest = rest[rest.index(after: end)...]
            } else if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**") {
                out += "<strong>\(inline(String(rest.dropFirst(2)[..<end.lowerBound])))</strong>"
                rest = rest[end.upperBound...]
            } else if character == "[", let middle = rest.range(of: "]("), let end = rest[middle.upperBound...].firstIndex(of: ")") {
                let label = String(rest[rest.index(after: rest.startIndex)..<middle.lowerBound])
                let link = String(rest[middle.upperBound..<end])
                out += "<a href=\"\(ExplorerPage.escaped(link))\">\(inline(label))</a>"
                rest = rest[rest.index(after: end)...]
            } else {
                out += ExplorerPage.escaped(String(character))
                rest = rest.dropFirst()
            }
        }
        return out
    }
}
