import NixLexer
import NixParser

/// Reads TOML 1.0 documents for `builtins.fromTOML`: tables, arrays of tables, inline tables,
/// dotted keys, the four kinds of strings, integers (decimal, hex, octal, binary, with
/// underscores), floats (with `inf` and `nan`) and Booleans. Dates and times are parsed and
/// then refused, as Nix refuses them without the `parse-toml-timestamps` experimental
/// feature. Errors are worded after toml11 (the library Nix uses): a title, then the line
/// with a caret.
struct TOMLParser {
  /// Deepest nesting of arrays and inline tables accepted.
  static let maxDepth = 10_000

  /// A failure, with the message Nix shows after "while parsing TOML: ".
  struct Failure: Error {
    let message: String
  }

  /// A table being built: its entries, and how it came to exist (which decides whether a
  /// later header or dotted key may add to it).
  final class Table {
    var entries: [[UInt8]: Node] = [:]
    /// Defined by a `[header]` (or as an element of `[[array]]`).
    var isDefined = false
    /// Created by a dotted key in a key/value pair.
    var isDotted = false
    /// An inline table: complete where it is written.
    var isFrozen = false
  }

  /// An array of tables (`[[name]]`), which later headers may extend.
  final class TableArray {
    var tables: [Table] = []
  }

  enum Node {
    case string([UInt8])
    case int(Int64)
    case float(Double)
    case bool(Bool)
    /// A date, time or date-time (not representable in Nix).
    case datetime
    /// A static array (`[1, 2]`).
    case array([Node])
    case table(Table)
    case tableArray(TableArray)
  }

  let input: [UInt8]
  var pos = 0
  var depth = 0
  let stack: StackGuard?

  init(_ input: [UInt8], stack: StackGuard? = nil) {
    self.input = input
    self.stack = stack
  }

  // MARK: - Errors

  /// A failure at byte `offset`, worded as toml11's errors: `[error] TITLE`, then the line of
  /// `offset` with a caret under it and `note`.
  func failure(_ title: String, at offset: Int, _ note: String) -> Failure {
    let offset = min(offset, input.count)
    var lineStart = offset
    while lineStart > 0 && input[lineStart - 1] != 0x0A { lineStart -= 1 }
    var lineEnd = offset
    while lineEnd < input.count && input[lineEnd] != 0x0A && input[lineEnd] != 0x0D { lineEnd += 1 }
    var line = 1
    for b in input[0..<lineStart] where b == 0x0A { line += 1 }
    let number = String(line)
    let pad = String(repeating: " ", count: number.count)
    let text = String(decoding: input[lineStart..<lineEnd], as: UTF8.self)
    var column = 0
    for b in input[lineStart..<offset] where b & 0xC0 != 0x80 { column += 1 }
    // Nix indents the lines after the first of a message by seven spaces.
    let indent = "\n       "
    return Failure(
      message: "[error] \(title)" + indent + " --> fromTOML" + indent + " \(pad) |" + indent + " \(number) | \(text)"
        + indent + " \(pad) | " + String(repeating: " ", count: column) + "^-- \(note)" + indent)
  }

  func unexpected(_ context: String, expected: String) -> Failure {
    failure("toml::\(context): \(expected)", at: pos, "here")
  }

  // MARK: - Characters

  var atEnd: Bool { pos >= input.count }

  func peek(_ offset: Int = 0) -> UInt8? {
    pos + offset < input.count ? input[pos + offset] : nil
  }

  func starts(with text: StaticString) -> Bool {
    text.withUTF8Buffer { t in
      guard pos + t.count <= input.count else { return false }
      for i in 0..<t.count where input[pos + i] != t[i] { return false }
      return true
    }
  }

  static func isBareKeyByte(_ b: UInt8) -> Bool {
    (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
  }

  static func isDigit(_ b: UInt8?) -> Bool {
    guard let b else { return false }
    return b >= 0x30 && b <= 0x39
  }

  /// Skips spaces and tabs.
  mutating func skipSpaces() {
    while let b = peek(), b == 0x20 || b == 0x09 { pos += 1 }
  }

  /// Skips a comment, if one starts here (control characters other than tab are refused).
  mutating func skipComment() throws(Failure) {
    guard peek() == 0x23 else { return }
    while let b = peek(), b != 0x0A {
      if b == 0x0D && peek(1) == 0x0A { return }
      if (b < 0x20 && b != 0x09) || b == 0x7F {
        throw failure("toml::parse_comment: control characters are not allowed in comments", at: pos, "here")
      }
      pos += 1
    }
  }

  /// Consumes a newline (LF or CRLF), if one is here.
  mutating func skipNewline() -> Bool {
    if peek() == 0x0A {
      pos += 1
      return true
    }
    if peek() == 0x0D && peek(1) == 0x0A {
      pos += 2
      return true
    }
    return false
  }

  /// Skips whitespace, comments and newlines (between array elements and between lines).
  mutating func skipBlank() throws(Failure) {
    while true {
      skipSpaces()
      try skipComment()
      if !skipNewline() { return }
    }
  }

  /// After a key/value pair or a header: spaces, a comment, then a newline or the end.
  mutating func expectLineEnd(_ context: String) throws(Failure) {
    skipSpaces()
    try skipComment()
    if atEnd || skipNewline() { return }
    throw unexpected(context, expected: "expected a newline after the value, but found an extra character")
  }

  // MARK: - Document

  /// Parses the whole document into its root table.
  mutating func parse() throws(Failure) -> Table {
    let root = Table()
    var current = root
    // A UTF-8 byte order mark may start the document.
    if starts(with: "\u{FEFF}") { pos += 3 }
    while true {
      try skipBlank()
      guard let b = peek() else { return root }
      if b == 0x5B {
        current = try parseHeader(root)
      } else {
        try parseKeyValue(into: current, context: "parse_key_value_pair")
        try expectLineEnd("parse_key_value_pair")
      }
    }
  }

  /// `[a.b]` or `[[a.b]]`: the table later pairs go into.
  mutating func parseHeader(_ root: Table) throws(Failure) -> Table {
    let start = pos
    let isArray = peek(1) == 0x5B
    pos += isArray ? 2 : 1
    skipSpaces()
    let keys = try parseKey()
    skipSpaces()
    if isArray {
      guard starts(with: "]]") else { throw unexpected("parse_array_table_key", expected: "expected `]]`") }
      pos += 2
    } else {
      guard peek() == 0x5D else { throw unexpected("parse_table_key", expected: "expected `]`") }
      pos += 1
    }
    try expectLineEnd(isArray ? "parse_array_table_key" : "parse_table_key")
    var table = root
    for (key, _) in keys.dropLast() {
      switch table.entries[key] {
      case nil:
        let t = Table()
        table.entries[key] = .table(t)
        table = t
      case .table(let t):
        if t.isFrozen { throw redefinition(key, at: start, "inline table") }
        table = t
      case .tableArray(let a):
        table = a.tables[a.tables.count - 1]
      default:
        throw redefinition(key, at: start, "value")
      }
    }
    let (last, _) = keys[keys.count - 1]
    if isArray {
      let element = Table()
      element.isDefined = true
      switch table.entries[last] {
      case nil:
        let a = TableArray()
        a.tables.append(element)
        table.entries[last] = .tableArray(a)
      case .tableArray(let a):
        a.tables.append(element)
      case .array:
        throw redefinition(last, at: start, "static array")
      case .table:
        throw redefinition(last, at: start, "table")
      default:
        throw redefinition(last, at: start, "value")
      }
      return element
    }
    switch table.entries[last] {
    case nil:
      let t = Table()
      t.isDefined = true
      table.entries[last] = .table(t)
      return t
    case .table(let t):
      if t.isDefined || t.isDotted || t.isFrozen { throw redefinition(last, at: start, "table") }
      t.isDefined = true
      return t
    case .tableArray:
      throw redefinition(last, at: start, "array of tables")
    default:
      throw redefinition(last, at: start, "value")
    }
  }

  func redefinition(_ key: [UInt8], at offset: Int, _ what: String) -> Failure {
    failure(
      "toml::insert_value: key \"\(String(decoding: key, as: UTF8.self))\" already exists as a \(what)",
      at: offset, "defined twice here")
  }

  /// `key = value` (the key possibly dotted) into `table`.
  mutating func parseKeyValue(into table: Table, context: String) throws(Failure) {
    let start = pos
    let keys = try parseKey()
    skipSpaces()
    guard peek() == 0x3D else { throw unexpected(context, expected: "expected `=` after a key") }
    pos += 1
    skipSpaces()
    let value = try parseValue()
    var target = table
    for (key, _) in keys.dropLast() {
      switch target.entries[key] {
      case nil:
        let t = Table()
        t.isDotted = true
        target.entries[key] = .table(t)
        target = t
      case .table(let t):
        if t.isFrozen || t.isDefined { throw redefinition(key, at: start, "table") }
        target = t
      default:
        throw redefinition(key, at: start, "value")
      }
    }
    let (last, _) = keys[keys.count - 1]
    if target.entries[last] != nil { throw redefinition(last, at: start, "value") }
    target.entries[last] = value
  }

  /// A key: bare, quoted or literal parts separated by dots (with spaces around the dots).
  mutating func parseKey() throws(Failure) -> [([UInt8], Int)] {
    var parts: [([UInt8], Int)] = []
    while true {
      let start = pos
      guard let b = peek() else { throw unexpected("parse_key", expected: "expected a key, but reached the end") }
      if b == 0x22 {
        if starts(with: "\"\"\"") { throw unexpected("parse_key", expected: "multi-line strings cannot be keys") }
        parts.append((try parseBasicString(), start))
      } else if b == 0x27 {
        if starts(with: "'''") { throw unexpected("parse_key", expected: "multi-line strings cannot be keys") }
        parts.append((try parseLiteralString(), start))
      } else if Self.isBareKeyByte(b) {
        while let c = peek(), Self.isBareKeyByte(c) { pos += 1 }
        parts.append((Array(input[start..<pos]), start))
      } else {
        throw unexpected("parse_key", expected: "expected a bare key or a quoted key")
      }
      let save = pos
      skipSpaces()
      if peek() == 0x2E {
        pos += 1
        skipSpaces()
      } else {
        pos = save
        return parts
      }
    }
  }
}
