import NixLexer
import NixParser

/// The four kinds of TOML strings and their escapes.
extension TOMLParser {
  // MARK: - Strings

  /// Appends the UTF-8 of a scalar value.
  static func appendUTF8(_ cp: UInt32, to out: inout [UInt8]) {
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
  mutating func parseEscape(into out: inout [UInt8]) throws(Failure) {
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

  static func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case 0x30...0x39: b - 0x30
    case 0x41...0x46: b - 0x41 + 10
    case 0x61...0x66: b - 0x61 + 10
    default: nil
    }
  }

  /// Whether a byte may not appear raw in a string (control characters other than tab).
  static func isForbiddenControl(_ b: UInt8) -> Bool {
    (b < 0x20 && b != 0x09) || b == 0x7F
  }

  mutating func parseBasicString() throws(Failure) -> [UInt8] {
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

  mutating func parseLiteralString() throws(Failure) -> [UInt8] {
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
  mutating func closesMultiline(_ quote: UInt8, _ out: inout [UInt8]) throws(Failure) -> Bool {
    var run = 0
    while peek(run) == quote { run += 1 }
    guard run >= 3 else { return false }
    if run > 5 { throw unexpected("parse_ml_string", expected: "too many quotes at the end of a multi-line string") }
    for _ in 0..<(run - 3) { out.append(quote) }
    pos += run
    return true
  }

  mutating func parseMultilineBasicString() throws(Failure) -> [UInt8] {
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

  mutating func parseMultilineLiteralString() throws(Failure) -> [UInt8] {
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
}
