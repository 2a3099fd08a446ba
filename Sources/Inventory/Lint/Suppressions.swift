import NixLexer

/// `# nixinv: ignore CODE…` comments: a finding is dropped when the line above it (or its own
/// line) carries such a comment naming its code (or `all`).
struct Suppressions {
  let sources: SourceMap

  /// Whether `diagnostic` is suppressed by a comment.
  func suppresses(_ diagnostic: Diagnostic) -> Bool {
    guard diagnostic.span.isKnown, let file = sources.file(diagnostic.span.file) else { return false }
    let line = file.location(of: diagnostic.span.start).line - 1
    for index in [line - 1, line] where index >= 0 {
      if codes(in: file.lineText(index)).contains(where: { $0 == diagnostic.code || $0 == "all" }) { return true }
    }
    return false
  }

  /// The codes a line's `# nixinv: ignore …` comment names.
  func codes(in line: String) -> [String] {
    guard let hash = line.range(of: "# nixinv: ignore") ?? line.range(of: "#nixinv: ignore") else { return [] }
    return line[hash.upperBound...].split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
  }
}

extension String {
  /// The first range of `needle`.
  func range(of needle: String) -> Range<Index>? { self[...].range(of: needle) }
}
