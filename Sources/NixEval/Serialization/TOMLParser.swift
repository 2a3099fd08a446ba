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

  private let input: [UInt8]
  private var pos = 0
  private var depth = 0
  private let stack: StackGuard?

  init(_ input: [UInt8], stack: StackGuard? = nil) {
    self.input = input
    self.stack = stack
  }

  // MARK: - Errors

  /// A failure at byte `offset`, worded as toml11's errors: `[error] TITLE`, then the line of
  /// `offset` with a caret under it and `note`.
  private func failure(_ title: String, at offset: Int, _ note: String) -> Failure {
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

  private func unexpected(_ context: String, expected: String) -> Failure {
    failure("toml::\(context): \(expected)", at: pos, "here")
  }

  // MARK: - Characters

  private var atEnd: Bool { pos >= input.count }

  private func peek(_ offset: Int = 0) -> UInt8? {
    pos + offset < input.count ? input[pos + offset] : nil
  }

  private func starts(with text: StaticString) -> Bool {
    text.withUTF8Buffer { t in
      guard pos + t.count <= input.count else { return false }
      for i in 0..<t.count where input[pos + i] != t[i] { return false }
      return true
    }
  }

  private static func isBareKeyByte(_ b: UInt8) -> Bool {
    (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
  }

  private static func isDigit(_ b: UInt8?) -> Bool {
    guard let b else { return false }
    return b >= 0x30 && b <= 0x39
  }

  /// Skips spaces and tabs.
  private mutating func skipSpaces() {
    while let b = peek(), b == 0x20 || b == 0x09 { pos += 1 }
  }

  /// Skips a comment, if one starts here (control characters other than tab are refused).
  private mutating func skipComment() throws(Failure) {
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
  private mutating func skipNewline() -> Bool {
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
  private mutating func skipBlank() throws(Failure) {
    while true {
      skipSpaces()
      try skipComment()
      if !skipNewline() { return }
    }
  }

  /// After a key/value pair or a header: spaces, a comment, then a newline or the end.
  private mutating func expectLineEnd(_ context: String) throws(Failure) {
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
  private mutating func parseHeader(_ root: Table) throws(Failure) -> Table {
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

  private func redefinition(_ key: [UInt8], at offset: Int, _ what: String) -> Failure {
    failure(
      "toml::insert_value: key \"\(String(decoding: key, as: UTF8.self))\" already exists as a \(what)",
      at: offset, "defined twice here")
  }

  /// `key = value` (the key possibly dotted) into `table`.
  private mutating func parseKeyValue(into table: Table, context: String) throws(Failure) {
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
  private mutating func parseKey() throws(Failure) -> [([UInt8], Int)] {
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

  // MARK: - Values

  private mutating func parseValue() throws(Failure) -> Node {
    guard let b = peek() else { throw unexpected("parse_value", expected: "expected a value, but reached the end") }
    switch b {
    case 0x22:
      return .string(starts(with: "\"\"\"") ? try parseMultilineBasicString() : try parseBasicString())
    case 0x27:
      return .string(starts(with: "'''") ? try parseMultilineLiteralString() : try parseLiteralString())
    case 0x74:
      guard starts(with: "true") else { throw unexpected("parse_value", expected: "unknown value") }
      pos += 4
      return .bool(true)
    case 0x66:
      guard starts(with: "false") else { throw unexpected("parse_value", expected: "unknown value") }
      pos += 5
      return .bool(false)
    case 0x5B: return try nested { (p: inout TOMLParser) throws(Failure) in try p.parseArray() }
    case 0x7B: return try nested { (p: inout TOMLParser) throws(Failure) in try p.parseInlineTable() }
    default:
      if Self.isDigit(b) && (Self.isDigit(peek(1)) && Self.isDigit(peek(2)) && Self.isDigit(peek(3)) && peek(4) == 0x2D) {
        return try parseDateTime()
      }
      if Self.isDigit(b) && Self.isDigit(peek(1)) && peek(2) == 0x3A {
        return try parseDateTime()
      }
      return try parseNumber()
    }
  }

  /// Runs `body` one nesting level deeper.
  private mutating func nested(_ body: (inout TOMLParser) throws(Failure) -> Node) throws(Failure) -> Node {
    depth += 1
    defer { depth -= 1 }
    if depth > Self.maxDepth || (stack?.exhausted() ?? false) {
      throw failure("toml::parse_value: nesting too deep (more than \(Self.maxDepth) levels)", at: pos, "here")
    }
    return try body(&self)
  }

  private mutating func parseArray() throws(Failure) -> Node {
    pos += 1
    var items: [Node] = []
    while true {
      try skipBlank()
      if peek() == 0x5D {
        pos += 1
        return .array(items)
      }
      if atEnd { throw unexpected("parse_array", expected: "expected `]`, but reached the end") }
      items.append(try parseValue())
      try skipBlank()
      if peek() == 0x2C {
        pos += 1
      } else if peek() == 0x5D {
        pos += 1
        return .array(items)
      } else {
        throw unexpected("parse_array", expected: "expected `,` or `]` after an array element")
      }
    }
  }

  private mutating func parseInlineTable() throws(Failure) -> Node {
    pos += 1
    let table = Table()
    skipSpaces()
    if peek() == 0x7D {
      pos += 1
      table.isFrozen = true
      return .table(table)
    }
    while true {
      skipSpaces()
      try parseKeyValue(into: table, context: "parse_inline_table")
      skipSpaces()
      if peek() == 0x2C {
        pos += 1
      } else if peek() == 0x7D {
        pos += 1
        Self.freeze(table)
        return .table(table)
      } else {
        throw unexpected("parse_inline_table", expected: "expected `,` or `}` after a key/value pair in an inline table")
      }
    }
  }

  /// Marks an inline table and the tables its dotted keys made as complete.
  private static func freeze(_ table: Table) {
    table.isFrozen = true
    for case .table(let t) in table.entries.values where !t.isFrozen { freeze(t) }
  }

  // MARK: - Strings

  /// Appends the UTF-8 of a scalar value.
  private static func appendUTF8(_ cp: UInt32, to out: inout [UInt8]) {
    if cp < 0x80 {
      out.append(UInt8(cp))
    } else if cp < 0x800 {
      out.append(UInt8(0xC0 | (cp >> 6)))
      out.append(UInt8(0x80 | (cp & 0x3F)))
    } else if cp < 0x10000 {
      out.append(UInt8(0xE0 | (cp >> 12)))
      out.append(UInt8(0x80 | ((cp >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (cp & 0x3F)))
    } else {
      out.append(UInt8(0xF0 | (cp >> 18)))
      out.append(UInt8(0x80 | ((cp >> 12) & 0x3F)))
      out.append(UInt8(0x80 | ((cp >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (cp & 0x3F)))
    }
  }

  /// An escape sequence after a backslash (at `pos`), appended to `out`.
  private mutating func parseEscape(into out: inout [UInt8]) throws(Failure) {
    let start = pos - 1
    guard let e = peek() else { throw unexpected("parse_escape_sequence", expected: "unterminated escape sequence") }
    pos += 1
    switch e {
    case 0x62: out.append(0x08)
    case 0x74: out.append(0x09)
    case 0x6E: out.append(0x0A)
    case 0x66: out.append(0x0C)
    case 0x72: out.append(0x0D)
    case 0x22: out.append(0x22)
    case 0x5C: out.append(0x5C)
    case 0x75, 0x55:
      let count = e == 0x75 ? 4 : 8
      var cp: UInt32 = 0
      for _ in 0..<count {
        guard let h = peek(), let digit = Self.hexValue(h) else {
          throw failure("toml::parse_escape_sequence: expected \(count) hex digits after \\\(e == 0x75 ? "u" : "U")", at: pos, "here")
        }
        cp = cp &* 16 &+ UInt32(digit)
        pos += 1
      }
      if cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) {
        throw failure("toml::parse_escape_sequence: not a Unicode scalar value", at: start, "here")
      }
      Self.appendUTF8(cp, to: &out)
    default:
      throw failure("toml::parse_escape_sequence: unknown escape sequence", at: start, "here")
    }
  }

  private static func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case 0x30...0x39: b - 0x30
    case 0x41...0x46: b - 0x41 + 10
    case 0x61...0x66: b - 0x61 + 10
    default: nil
    }
  }

  /// Whether a byte may not appear raw in a string (control characters other than tab).
  private static func isForbiddenControl(_ b: UInt8) -> Bool {
    (b < 0x20 && b != 0x09) || b == 0x7F
  }

  private mutating func parseBasicString() throws(Failure) -> [UInt8] {
    pos += 1
    var out: [UInt8] = []
    while true {
      guard let b = peek(), b != 0x0A, b != 0x0D || peek(1) != 0x0A else {
        throw unexpected("parse_basic_string", expected: "expected the closing `\"`")
      }
      pos += 1
      if b == 0x22 { return out }
      if b == 0x5C {
        try parseEscape(into: &out)
      } else if Self.isForbiddenControl(b) {
        pos -= 1
        throw unexpected("parse_basic_string", expected: "control characters are not allowed in strings")
      } else {
        out.append(b)
      }
    }
  }

  private mutating func parseLiteralString() throws(Failure) -> [UInt8] {
    pos += 1
    let start = pos
    while true {
      guard let b = peek(), b != 0x0A, b != 0x0D || peek(1) != 0x0A else {
        throw unexpected("parse_literal_string", expected: "expected the closing `'`")
      }
      if b == 0x27 {
        pos += 1
        return Array(input[start..<(pos - 1)])
      }
      if Self.isForbiddenControl(b) {
        throw unexpected("parse_literal_string", expected: "control characters are not allowed in strings")
      }
      pos += 1
    }
  }

  /// At a run of `quote` bytes of 3 or more: whether it closes the string (adding up to two
  /// quotes that belong to the content to `out`).
  private mutating func closesMultiline(_ quote: UInt8, _ out: inout [UInt8]) throws(Failure) -> Bool {
    var run = 0
    while peek(run) == quote { run += 1 }
    guard run >= 3 else { return false }
    if run > 5 { throw unexpected("parse_ml_string", expected: "too many quotes at the end of a multi-line string") }
    for _ in 0..<(run - 3) { out.append(quote) }
    pos += run
    return true
  }

  private mutating func parseMultilineBasicString() throws(Failure) -> [UInt8] {
    pos += 3
    _ = skipNewline()
    var out: [UInt8] = []
    while true {
      guard let b = peek() else { throw unexpected("parse_ml_basic_string", expected: "expected the closing `\"\"\"`") }
      if b == 0x22, try closesMultiline(0x22, &out) { return out }
      if b == 0x5C {
        // A backslash at the end of a line removes the newline and the whitespace after it.
        var look = pos + 1
        while look < input.count && (input[look] == 0x20 || input[look] == 0x09) { look += 1 }
        if look < input.count && (input[look] == 0x0A || (input[look] == 0x0D && look + 1 < input.count && input[look + 1] == 0x0A)) {
          pos = look
          while let c = peek(), c == 0x20 || c == 0x09 || c == 0x0A || (c == 0x0D && peek(1) == 0x0A) { pos += 1 }
          continue
        }
        pos += 1
        try parseEscape(into: &out)
        continue
      }
      if b == 0x0D && peek(1) == 0x0A {
        out.append(contentsOf: [0x0D, 0x0A])
        pos += 2
        continue
      }
      if Self.isForbiddenControl(b) && b != 0x0A {
        throw unexpected("parse_ml_basic_string", expected: "control characters are not allowed in strings")
      }
      out.append(b)
      pos += 1
    }
  }

  private mutating func parseMultilineLiteralString() throws(Failure) -> [UInt8] {
    pos += 3
    _ = skipNewline()
    var out: [UInt8] = []
    while true {
      guard let b = peek() else { throw unexpected("parse_ml_literal_string", expected: "expected the closing `'''`") }
      if b == 0x27, try closesMultiline(0x27, &out) { return out }
      if b == 0x0D && peek(1) == 0x0A {
        out.append(contentsOf: [0x0D, 0x0A])
        pos += 2
        continue
      }
      if Self.isForbiddenControl(b) && b != 0x0A {
        throw unexpected("parse_ml_literal_string", expected: "control characters are not allowed in strings")
      }
      out.append(b)
      pos += 1
    }
  }

  // MARK: - Numbers, dates and times

  /// Digits of `base` with single underscores between them; nil when malformed.
  private static func digits(_ text: ArraySlice<UInt8>, base: Int) -> [UInt8]? {
    guard let first = text.first, let last = text.last, first != 0x5F, last != 0x5F else { return nil }
    var out: [UInt8] = []
    var previousUnderscore = false
    for b in text {
      if b == 0x5F {
        if previousUnderscore { return nil }
        previousUnderscore = true
        continue
      }
      previousUnderscore = false
      guard let v = hexValue(b), Int(v) < base else { return nil }
      out.append(b)
    }
    return out
  }

  private mutating func parseNumber() throws(Failure) -> Node {
    let start = pos
    while let b = peek(), Self.isBareKeyByte(b) || b == 0x2B || b == 0x2E { pos += 1 }
    let text = input[start..<pos]
    guard !text.isEmpty else { throw unexpected("parse_value", expected: "unknown value") }
    let invalid = failure("toml::parse_value: invalid number or unknown value", at: start, "here")
    var body = text
    var negative = false
    if let s = body.first, s == 0x2B || s == 0x2D {
      negative = s == 0x2D
      body = body.dropFirst()
    }
    // Special floats.
    if body.elementsEqual("inf".utf8) { return .float(negative ? -.infinity : .infinity) }
    if body.elementsEqual("nan".utf8) { return .float(negative ? -Double.nan : .nan) }
    // Hex, octal and binary integers (unsigned, no sign).
    if body.count > 2, body.first == 0x30, let kind = body.dropFirst().first, kind == 0x78 || kind == 0x6F || kind == 0x62 {
      let base = kind == 0x78 ? 16 : kind == 0x6F ? 8 : 2
      guard text.count == body.count, let ds = Self.digits(body.dropFirst(2), base: base) else { throw invalid }
      var value: Int64 = 0
      for d in ds {
        let (m, o1) = value.multipliedReportingOverflow(by: Int64(base))
        let (s, o2) = m.addingReportingOverflow(Int64(Self.hexValue(d)!))
        if o1 || o2 {
          throw failure("toml::parse_\(base == 16 ? "hex" : base == 8 ? "oct" : "bin")_integer: too large integer: current max value = 2^63", at: pos, "must be < 2^63")
        }
        value = s
      }
      return .int(value)
    }
    // Split the decimal form into integer part, fraction and exponent.
    var intEnd = body.startIndex
    while intEnd < body.endIndex, body[intEnd] != 0x2E, body[intEnd] != 0x65, body[intEnd] != 0x45 { intEnd += 1 }
    let intPart = body[body.startIndex..<intEnd]
    guard let intDigits = Self.digits(intPart, base: 10) else { throw invalid }
    if intDigits.count > 1 && intDigits[0] == 0x30 { throw failure("toml::parse_value: leading zeros are not allowed", at: start, "here") }
    if intEnd == body.endIndex {
      var magnitude: UInt64 = 0
      var overflow = false
      for d in intDigits {
        let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
        let (s, o2) = m.addingReportingOverflow(UInt64(d - 0x30))
        overflow = overflow || o1 || o2
        magnitude = s
      }
      let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
      if overflow || magnitude > limit {
        throw failure("toml::parse_dec_integer: too large integer: current max digits = 2^63", at: pos, "must be < 2^63")
      }
      return .int(negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude))
    }
    var rest = body[intEnd...]
    var normalized: [UInt8] = (negative ? [0x2D] : []) + intDigits
    if rest.first == 0x2E {
      rest = rest.dropFirst()
      var fracEnd = rest.startIndex
      while fracEnd < rest.endIndex, rest[fracEnd] != 0x65, rest[fracEnd] != 0x45 { fracEnd += 1 }
      guard let frac = Self.digits(rest[rest.startIndex..<fracEnd], base: 10) else { throw invalid }
      normalized.append(0x2E)
      normalized += frac
      rest = rest[fracEnd...]
    }
    if let e = rest.first {
      guard e == 0x65 || e == 0x45 else { throw invalid }
      rest = rest.dropFirst()
      normalized.append(0x65)
      if let s = rest.first, s == 0x2B || s == 0x2D {
        normalized.append(s)
        rest = rest.dropFirst()
      }
      guard let exp = Self.digits(rest, base: 10) else { throw invalid }
      normalized += exp
    }
    guard let value = Double(String(decoding: normalized, as: UTF8.self)) else { throw invalid }
    return .float(value)
  }

  /// Reads `count` digits.
  private mutating func fixedDigits(_ count: Int) -> Bool {
    for _ in 0..<count {
      guard Self.isDigit(peek()) else { return false }
      pos += 1
    }
    return true
  }

  /// A local time `HH:MM:SS(.fraction)?`.
  private mutating func parseTime() throws(Failure) {
    let invalid = failure("toml::parse_local_time: invalid time", at: pos, "here")
    guard fixedDigits(2), peek() == 0x3A else { throw invalid }
    pos += 1
    guard fixedDigits(2), peek() == 0x3A else { throw invalid }
    pos += 1
    guard fixedDigits(2) else { throw invalid }
    if peek() == 0x2E {
      pos += 1
      guard Self.isDigit(peek()) else { throw invalid }
      while Self.isDigit(peek()) { pos += 1 }
    }
  }

  /// A date, a time, or a date-time with an optional offset.
  private mutating func parseDateTime() throws(Failure) -> Node {
    let start = pos
    if Self.isDigit(peek()) && Self.isDigit(peek(1)) && peek(2) == 0x3A {
      try parseTime()
      return .datetime
    }
    let invalid = failure("toml::parse_local_date: invalid date", at: start, "here")
    guard fixedDigits(4), peek() == 0x2D else { throw invalid }
    pos += 1
    guard fixedDigits(2), peek() == 0x2D else { throw invalid }
    pos += 1
    guard fixedDigits(2) else { throw invalid }
    // A time may follow after `T` or a space.
    if let t = peek(), t == 0x54 || t == 0x74 || (t == 0x20 && Self.isDigit(peek(1))) {
      pos += 1
      try parseTime()
      if let z = peek(), z == 0x5A || z == 0x7A {
        pos += 1
      } else if let s = peek(), s == 0x2B || s == 0x2D {
        pos += 1
        guard fixedDigits(2), peek() == 0x3A else { throw invalid }
        pos += 1
        guard fixedDigits(2) else { throw invalid }
      }
    }
    return .datetime
  }
}
