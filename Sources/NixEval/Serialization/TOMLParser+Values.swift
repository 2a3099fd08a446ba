import NixLexer
import NixParser

/// Values: arrays, inline tables, and dispatch to strings and numbers.
extension TOMLParser {
  // MARK: - Values

  mutating func parseValue() throws(Failure) -> Node {
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
  mutating func nested(_ body: (inout TOMLParser) throws(Failure) -> Node) throws(Failure) -> Node {
    depth += 1
    defer { depth -= 1 }
    if depth > Self.maxDepth || (stack?.exhausted() ?? false) {
      throw failure("toml::parse_value: nesting too deep (more than \(Self.maxDepth) levels)", at: pos, "here")
    }
    return try body(&self)
  }

  mutating func parseArray() throws(Failure) -> Node {
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

  mutating func parseInlineTable() throws(Failure) -> Node {
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
  static func freeze(_ table: Table) {
    table.isFrozen = true
    for case .table(let t) in table.entries.values where !t.isFrozen { freeze(t) }
  }
}
