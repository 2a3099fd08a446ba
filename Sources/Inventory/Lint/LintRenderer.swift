import NixLexer

/// Writes lint findings in the formats of docs/OUTPUT.md: human (rustc-like, optionally in
/// colour), JSON, SARIF 2.1.0 and gcc.
public struct LintRenderer {
  public let sources: SourceMap
  /// The tool version written in SARIF.
  public var version = "0.6.0"

  public init(sources: SourceMap) { self.sources = sources }

  /// Where a span starts and ends: file name, 1-based lines and character columns.
  struct Place {
    let file: String
    let line: Int
    let column: Int
    let endLine: Int
    let endColumn: Int
  }

  func place(_ span: Span) -> Place? {
    guard span.isKnown, let file = sources.file(span.file) else { return nil }
    let start = file.location(of: span.start)
    let end = file.location(of: max(span.end, span.start))
    return Place(file: file.name, line: start.line, column: start.column, endLine: end.line, endColumn: end.column)
  }

  // MARK: - Human

  /// `SEVERITY[CODE]: message`, `  --> FILE:LINE:COL`, the source line with `^^^` under the
  /// span, notes and `= help: …`; a summary line at the end.
  public func human(_ diagnostics: [Diagnostic], colour: Bool) -> String {
    func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    var out = ""
    for d in diagnostics {
      let tint = d.severity == .error ? "1;31" : d.severity == .warning ? "1;33" : "1;36"
      out += paint("\(d.severity.rawValue)[\(d.code)]", tint) + paint(": " + firstLine(d.message), "1") + "\n"
      for extra in d.message.split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
        out += "   " + extra.trimmingLeadingSpaces() + "\n"
      }
      if let p = place(d.span) {
        let width = String(p.endLine).count
        let pad = String(repeating: " ", count: width)
        out += "\(pad)" + paint("--> ", "1;34") + "\(p.file):\(p.line):\(p.column)\n"
        out += excerpt(d.span, p, pad: pad, tint: tint, paint: paint)
      }
      for note in d.notes {
        if let p = place(note.span) {
          out += "   = note: \(note.message) (\(p.file):\(p.line):\(p.column))\n"
        } else {
          for line in note.message.split(separator: "\n") { out += "   = note: \(line.trimmingLeadingSpaces())\n" }
        }
      }
      if let help = d.help { out += "   " + paint("= help:", "1") + " \(help)\n" }
      out += "\n"
    }
    let errors = diagnostics.filter { $0.severity == .error }.count
    let warnings = diagnostics.filter { $0.severity == .warning }.count
    if !diagnostics.isEmpty {
      out += "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
    }
    return out
  }

  private func firstLine(_ s: String) -> String { String(s.prefix { $0 != "\n" }) }

  /// The span's first line with carets under it (a long line is shown as a window).
  private func excerpt(_ span: Span, _ p: Place, pad: String, tint: String, paint: (String, String) -> String) -> String {
    guard let file = sources.file(span.file) else { return "" }
    let line = Array(file.lineText(p.line - 1).unicodeScalars)
    let window = 120
    let first = p.column - 1 > window / 2 ? p.column - 1 - window / 2 : 0
    let lo = min(first, line.count)
    let hi = min(line.count, lo + window)
    var text = String(String.UnicodeScalarView(line[lo..<hi]))
    var column = p.column - 1 - lo
    if lo > 0 {
      text = "…" + text
      column += 1
    }
    if hi < line.count { text += "…" }
    let length = p.endLine == p.line ? max(1, p.endColumn - p.column) : max(1, line.count - (p.column - 1))
    let marks = String(repeating: "^", count: min(length, max(1, text.unicodeScalars.count - column)))
    var out = "\(pad) " + paint("|", "1;34") + "\n"
    out += paint(String(p.line), "1;34") + " " + paint("|", "1;34") + " \(text)\n"
    out += "\(pad) " + paint("|", "1;34") + " " + String(repeating: " ", count: max(0, column)) + paint(marks, tint) + "\n"
    return out
  }

  // MARK: - gcc

  /// `FILE:LINE:COL: SEVERITY: message [CODE]`, one line each.
  public func gcc(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.map { d in
      let p = place(d.span)
      let position = p.map { "\($0.file):\($0.line):\($0.column)" } ?? "nixinv"
      return "\(position): \(d.severity.rawValue): \(firstLine(d.message)) [\(d.code)]\n"
    }.joined()
  }

  // MARK: - JSON

  /// `{"version":1,"diagnostics":[…],"summary":{"errors":N,"warnings":N}}`.
  public func json(_ diagnostics: [Diagnostic]) -> String {
    var w = JSONStream()
    w.beginObject()
    w.key("diagnostics")
    w.beginArray()
    for d in diagnostics {
      let p = place(d.span)
      w.beginObject()
      w.key("code")
      w.string(d.code)
      w.key("column")
      w.value(p.map { .int(Int64($0.column)) } ?? .null)
      w.key("endColumn")
      w.value(p.map { .int(Int64($0.endColumn)) } ?? .null)
      w.key("endLine")
      w.value(p.map { .int(Int64($0.endLine)) } ?? .null)
      w.key("file")
      w.optionalString(p?.file)
      if let help = d.help {
        w.key("help")
        w.string(help)
      }
      w.key("line")
      w.value(p.map { .int(Int64($0.line)) } ?? .null)
      w.key("message")
      w.string(d.message)
      if !d.notes.isEmpty {
        w.key("notes")
        w.beginArray()
        for n in d.notes {
          w.beginObject()
          if let np = place(n.span) {
            w.key("column")
            w.value(.int(Int64(np.column)))
            w.key("file")
            w.string(np.file)
            w.key("line")
            w.value(.int(Int64(np.line)))
          }
          w.key("message")
          w.string(n.message)
          w.endObject()
        }
        w.endArray()
      }
      w.key("severity")
      w.string(d.severity.rawValue)
      w.endObject()
    }
    w.endArray()
    w.key("summary")
    w.beginObject()
    w.key("errors")
    w.value(.int(Int64(diagnostics.filter { $0.severity == .error }.count)))
    w.key("warnings")
    w.value(.int(Int64(diagnostics.filter { $0.severity == .warning }.count)))
    w.endObject()
    w.key("version")
    w.value(.int(1))
    w.endObject()
    return String(decoding: w.finish(), as: UTF8.self)
  }

  // MARK: - SARIF

  /// SARIF 2.1.0: one run, `tool.driver.rules` for every code used, one result per finding.
  /// File URIs are relative to `base` when below it (as GitHub code scanning expects).
  public func sarif(_ diagnostics: [Diagnostic], base: String) -> String {
    let codes = Array(Set(diagnostics.map(\.code))).sorted()
    func level(_ s: Severity) -> String { s == .error ? "error" : s == .warning ? "warning" : "note" }
    func uri(_ file: String) -> String {
      var path = file
      let prefix = base.hasSuffix("/") ? base : base + "/"
      if path.hasPrefix(prefix) { path.removeFirst(prefix.count) }
      return path.utf8.map { b -> String in
        let c = Character(UnicodeScalar(b))
        if b < 0x80, c.isLetter || c.isNumber || "-._~/".contains(c) { return String(c) }
        return "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
      }.joined()
    }
    func location(_ span: Span, _ w: inout JSONStream) {
      guard let p = place(span) else { return }
      w.beginObject()
      w.key("physicalLocation")
      w.beginObject()
      w.key("artifactLocation")
      w.beginObject()
      w.key("uri")
      w.string(uri(p.file))
      w.endObject()
      w.key("region")
      w.beginObject()
      w.key("endColumn")
      w.value(.int(Int64(p.endLine == p.line ? max(p.endColumn, p.column + 1) : p.endColumn)))
      w.key("endLine")
      w.value(.int(Int64(p.endLine)))
      w.key("startColumn")
      w.value(.int(Int64(p.column)))
      w.key("startLine")
      w.value(.int(Int64(p.line)))
      w.endObject()
      w.endObject()
      w.endObject()
    }
    var w = JSONStream()
    w.beginObject()
    w.key("$schema")
    w.string("https://json.schemastore.org/sarif-2.1.0.json")
    w.key("runs")
    w.beginArray()
    w.beginObject()
    w.key("results")
    w.beginArray()
    for d in diagnostics {
      w.beginObject()
      w.key("level")
      w.string(level(d.severity))
      if place(d.span) != nil {
        w.key("locations")
        w.beginArray()
        location(d.span, &w)
        w.endArray()
      }
      w.key("message")
      w.beginObject()
      w.key("text")
      w.string(d.message + (d.help.map { "\nhelp: " + $0 } ?? ""))
      w.endObject()
      let related = d.notes.filter { place($0.span) != nil }
      if !related.isEmpty {
        w.key("relatedLocations")
        w.beginArray()
        for (i, n) in related.enumerated() {
          w.beginObject()
          w.key("id")
          w.value(.int(Int64(i)))
          w.key("message")
          w.beginObject()
          w.key("text")
          w.string(n.message)
          w.endObject()
          if let p = place(n.span) {
            w.key("physicalLocation")
            w.beginObject()
            w.key("artifactLocation")
            w.beginObject()
            w.key("uri")
            w.string(uri(p.file))
            w.endObject()
            w.key("region")
            w.beginObject()
            w.key("startColumn")
            w.value(.int(Int64(p.column)))
            w.key("startLine")
            w.value(.int(Int64(p.line)))
            w.endObject()
            w.endObject()
          }
          w.endObject()
        }
        w.endArray()
      }
      w.key("ruleId")
      w.string(d.code)
      w.key("ruleIndex")
      w.value(.int(Int64(codes.firstIndex(of: d.code) ?? 0)))
      w.endObject()
    }
    w.endArray()
    w.key("tool")
    w.beginObject()
    w.key("driver")
    w.beginObject()
    w.key("informationUri")
    w.string("https://clan.lol")
    w.key("name")
    w.string("nixinv")
    w.key("rules")
    w.beginArray()
    for code in codes {
      let known = LintCode(rawValue: code)
      w.beginObject()
      w.key("defaultConfiguration")
      w.beginObject()
      w.key("level")
      w.string(level(known?.severity ?? .error))
      w.endObject()
      w.key("fullDescription")
      w.beginObject()
      w.key("text")
      w.string(known?.explanation ?? code)
      w.endObject()
      w.key("help")
      w.beginObject()
      w.key("text")
      w.string("Run `nixinv explain \(code)` for a wrong and a fixed example.")
      w.endObject()
      w.key("id")
      w.string(code)
      w.key("name")
      w.string(code.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())
      w.key("shortDescription")
      w.beginObject()
      w.key("text")
      w.string(known?.summary ?? code)
      w.endObject()
      w.endObject()
    }
    w.endArray()
    w.key("semanticVersion")
    w.string(version)
    w.key("version")
    w.string(version)
    w.endObject()
    w.endObject()
    w.endObject()
    w.endArray()
    w.key("version")
    w.string("2.1.0")
    w.endObject()
    return String(decoding: w.finish(), as: UTF8.self)
  }
}

extension Substring {
  /// The text without leading spaces.
  func trimmingLeadingSpaces() -> String { String(drop { $0 == " " }) }
}

extension String {
  /// The text with `0`s in front, to `width` characters.
  func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
