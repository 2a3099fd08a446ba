/// Renders diagnostics for people, in the layout Nix uses:
///
/// ```
/// error: syntax error, unexpected '&&'
///        at /path/file.nix:1:1:
///             1| && true
///              | ^
///             2|
/// ```
///
/// One line of context is shown before and after the line the span starts on; the caret
/// marks the span's first character. Help and notes follow, indented the same way.
public struct DiagnosticRenderer: Sendable {
  /// Resolves file identifiers to files.
  public let lookup: @Sendable (SourceFileID) -> SourceFile?

  /// Creates a renderer over a lookup of files.
  public init(lookup: @escaping @Sendable (SourceFileID) -> SourceFile?) {
    self.lookup = lookup
  }

  /// A renderer for diagnostics of a single file.
  public init(file: SourceFile) {
    self.lookup = { id in id == file.id ? file : nil }
  }

  /// `NAME:LINE:COL` of a span's start.
  public func position(_ span: Span) -> String {
    guard let file = lookup(span.file) else { return "«unknown»" }
    return "\(file.name):\(file.location(of: span.start))"
  }

  /// The whole text for one diagnostic, ending with a newline.
  public func render(_ diagnostic: Diagnostic) -> String {
    var out = "\(diagnostic.severity.rawValue): \(diagnostic.message)\n"
    out += "       at \(position(diagnostic.span)):\n"
    out += codeLines(diagnostic.span)
    for note in diagnostic.notes {
      // A note on the line already shown needs no second excerpt.
      if let file = lookup(note.span.file), note.span.file == diagnostic.span.file,
        file.lineIndex(of: note.span.start) == file.lineIndex(of: diagnostic.span.start)
      {
        out += "       note: \(note.message) (at \(position(note.span)))\n"
      } else {
        out += "       note: \(note.message)\n"
        out += "       at \(position(note.span)):\n"
        out += codeLines(note.span)
      }
    }
    if let help = diagnostic.help {
      out += "       help: \(help)\n"
    }
    return out
  }

  /// The source lines around a span with a caret under its start, as Nix prints them.
  public func codeLines(_ span: Span) -> String {
    guard let file = lookup(span.file) else { return "" }
    let loc = file.location(of: span.start)
    let index = loc.line - 1
    var out = ""
    func gutter(_ number: String) -> String {
      String(repeating: " ", count: max(0, 13 - number.count)) + number + "|"
    }
    // A very long line (generated code) is shown as a window around the column.
    let window = 160
    let first = loc.column - 1 > window ? loc.column - 1 - window / 2 : 0
    func excerpt(_ i: Int) -> String {
      let scalars = Array(file.lineText(i).unicodeScalars)
      guard scalars.count > window || first > 0 else { return String(String.UnicodeScalarView(scalars)) }
      let lo = min(first, scalars.count)
      let hi = min(scalars.count, lo + window)
      return (lo > 0 ? "…" : "") + String(String.UnicodeScalarView(scalars[lo..<hi])) + (hi < scalars.count ? "…" : "")
    }
    func emit(_ i: Int) {
      let text = excerpt(i)
      out += gutter(String(i + 1)) + (text.isEmpty ? "" : " " + text) + "\n"
    }
    if index > 0 { emit(index - 1) }
    emit(index)
    var caretPrefix = first > 0 ? " " : ""
    // Tabs are kept so that the caret lines up under tab-indented code.
    let lineText = Array(file.lineText(index).unicodeScalars)
    for k in first..<(loc.column - 1) {
      caretPrefix += k < lineText.count && lineText[k] == "\t" ? "\t" : " "
    }
    out += gutter("") + " " + caretPrefix + "^\n"
    if index + 1 < file.lineCount { emit(index + 1) }
    return out
  }
}
