import NixLexer
import NixParser

/// Reads JSON text into Nix values as `builtins.fromJSON` does. The lexer and parser follow
/// nlohmann::json (which Nix uses) closely enough to give the same error messages: the same
/// token names, contexts, "last read" text and line/column positions. Parsing is iterative
/// (an explicit stack), so deep nesting cannot overflow the thread's stack; nesting is still
/// limited to ``maxDepth`` levels, since the values built must be printed and compared later.
struct JSONParser {
  /// Deepest nesting of arrays and objects accepted.
  static let maxDepth = 10_000

  /// A failure, with the message Nix shows.
  struct Failure: Error {
    let message: String
  }

  enum Token {
    case literalTrue, literalFalse, literalNull, string, unsigned, integer, float
    case beginArray, beginObject, endArray, endObject, nameSeparator, valueSeparator
    case parseError, endOfInput
    /// Only for messages: what was expected.
    case uninitialized, literalOrValue

    /// The token as nlohmann names it in messages.
    var name: String {
      switch self {
      case .uninitialized: "<uninitialized>"
      case .literalTrue: "true literal"
      case .literalFalse: "false literal"
      case .literalNull: "null literal"
      case .string: "string literal"
      case .unsigned, .integer, .float: "number literal"
      case .beginArray: "'['"
      case .beginObject: "'{'"
      case .endArray: "']'"
      case .endObject: "'}'"
      case .nameSeparator: "':'"
      case .valueSeparator: "','"
      case .parseError: "<parse error>"
      case .endOfInput: "end of input"
      case .literalOrValue: "'[', '{', or a literal"
      }
    }
  }

  // MARK: Lexer state (as nlohmann's `lexer`)

  private let input: [UInt8]
  private var next = 0
  /// The current character, or -1 at the end.
  private var current: Int = -1
  private var nextUnget = false
  private var charsReadTotal = 0
  private var charsReadCurrentLine = 0
  private var linesRead = 0
  /// The raw text of the current token (for "last read").
  private var tokenString: [UInt8] = []
  /// The decoded value of a string token, or the text of a number.
  private var tokenBuffer: [UInt8] = []
  private var errorMessage = ""
  private var valueUnsigned: UInt64 = 0
  private var valueInteger: Int64 = 0
  private var valueFloat: Double = 0
  private var lastToken: Token = .uninitialized

  /// When set, each object member remembers where its name is in this file.
  private let file: SourceFileID?
  /// Where the last token started.
  private var tokenStart = 0

  init(_ input: [UInt8], file: SourceFileID? = nil) {
    self.input = input
    self.file = file
  }

  /// The position of the last token, when positions are kept.
  private var tokenSpan: Span {
    guard let file else { return .unknown }
    return Span(file: file, start: UInt32(clamping: tokenStart), end: UInt32(clamping: next))
  }

  private mutating func get() -> Int {
    charsReadTotal += 1
    charsReadCurrentLine += 1
    if nextUnget {
      nextUnget = false
    } else if next < input.count {
      current = Int(input[next])
      next += 1
    } else {
      current = -1
    }
    if current != -1 { tokenString.append(UInt8(current)) }
    if current == 0x0A {
      linesRead += 1
      charsReadCurrentLine = 0
    }
    return current
  }

  private mutating func unget() {
    nextUnget = true
    charsReadTotal -= 1
    if charsReadCurrentLine == 0 {
      if linesRead > 0 { linesRead -= 1 }
    } else {
      charsReadCurrentLine -= 1
    }
    if current != -1 && !tokenString.isEmpty { tokenString.removeLast() }
  }

  private mutating func reset() {
    tokenBuffer.removeAll(keepingCapacity: true)
    tokenString.removeAll(keepingCapacity: true)
    if current != -1 { tokenString.append(UInt8(current)) }
  }

  private mutating func add(_ c: Int) { tokenBuffer.append(UInt8(truncatingIfNeeded: c)) }

  private mutating func scan() -> Token {
    if charsReadTotal == 0 {
      // A byte order mark may start the input.
      if get() == 0xEF {
        if !(get() == 0xBB && get() == 0xBF) {
          errorMessage = "invalid BOM; must be 0xEF 0xBB 0xBF if given"
          return .parseError
        }
      } else {
        unget()
      }
    }
    repeat { _ = get() } while current == 0x20 || current == 0x09 || current == 0x0A || current == 0x0D
    tokenStart = max(0, next - 1)
    switch current {
    case 0x5B: return .beginArray
    case 0x5D: return .endArray
    case 0x7B: return .beginObject
    case 0x7D: return .endObject
    case 0x3A: return .nameSeparator
    case 0x2C: return .valueSeparator
    case 0x74: return scanLiteral("true", .literalTrue)
    case 0x66: return scanLiteral("false", .literalFalse)
    case 0x6E: return scanLiteral("null", .literalNull)
    case 0x22: return scanString()
    case 0x2D, 0x30...0x39: return scanNumber()
    case 0, -1: return .endOfInput
    default:
      errorMessage = "invalid literal"
      return .parseError
    }
  }

  private mutating func scanLiteral(_ text: StaticString, _ token: Token) -> Token {
    let bytes = text.withUTF8Buffer { Array($0) }
    for i in 1..<bytes.count where get() != Int(bytes[i]) {
      errorMessage = "invalid literal"
      return .parseError
    }
    return token
  }

  private mutating func codepoint() -> Int {
    var value = 0
    for _ in 0..<4 {
      let c = get()
      switch c {
      case 0x30...0x39: value = value * 16 + (c - 0x30)
      case 0x41...0x46: value = value * 16 + (c - 0x41 + 10)
      case 0x61...0x66: value = value * 16 + (c - 0x61 + 10)
      default: return -1
      }
    }
    return value
  }

  private static let controlNames = [
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
    "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
  ]

  /// Four upper-case hex digits.
  private static func hex4(_ value: Int) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[(value >> 12) & 15], digits[(value >> 8) & 15], digits[(value >> 4) & 15], digits[value & 15]])
  }

  private mutating func scanString() -> Token {
    reset()
    while true {
      let c = get()
      switch c {
      case -1:
        errorMessage = "invalid string: missing closing quote"
        return .parseError
      case 0x22:
        return .string
      case 0x5C:
        let e = get()
        switch e {
        case 0x22: add(0x22)
        case 0x5C: add(0x5C)
        case 0x2F: add(0x2F)
        case 0x62: add(0x08)
        case 0x66: add(0x0C)
        case 0x6E: add(0x0A)
        case 0x72: add(0x0D)
        case 0x74: add(0x09)
        case 0x75:
          let first = codepoint()
          var cp = first
          if first == -1 {
            errorMessage = "invalid string: '\\u' must be followed by 4 hex digits"
            return .parseError
          }
          if 0xD800 <= first && first <= 0xDBFF {
            if get() == 0x5C && get() == 0x75 {
              let second = codepoint()
              if second == -1 {
                errorMessage = "invalid string: '\\u' must be followed by 4 hex digits"
                return .parseError
              }
              if 0xDC00 <= second && second <= 0xDFFF {
                cp = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
              } else {
                errorMessage = "invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF"
                return .parseError
              }
            } else {
              errorMessage = "invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF"
              return .parseError
            }
          } else if 0xDC00 <= first && first <= 0xDFFF {
            errorMessage = "invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF"
            return .parseError
          }
          appendUTF8(cp)
        default:
          errorMessage = "invalid string: forbidden character after backslash"
          return .parseError
        }
      case 0x00...0x1F:
        let name = Self.controlNames[c]
        var message = "invalid string: control character U+\(Self.hex4(c)) (\(name)) must be escaped to \\u\(Self.hex4(c))"
        switch c {
        case 0x08: message += " or \\b"
        case 0x09: message += " or \\t"
        case 0x0A: message += " or \\n"
        case 0x0C: message += " or \\f"
        case 0x0D: message += " or \\r"
        default: break
        }
        errorMessage = message
        return .parseError
      case 0x20...0x7F:
        add(c)
      default:
        // A multi-byte UTF-8 sequence: each byte within its allowed range.
        var ranges: [(Int, Int)]
        switch c {
        case 0xC2...0xDF: ranges = [(0x80, 0xBF)]
        case 0xE0: ranges = [(0xA0, 0xBF), (0x80, 0xBF)]
        case 0xE1...0xEC, 0xEE...0xEF: ranges = [(0x80, 0xBF), (0x80, 0xBF)]
        case 0xED: ranges = [(0x80, 0x9F), (0x80, 0xBF)]
        case 0xF0: ranges = [(0x90, 0xBF), (0x80, 0xBF), (0x80, 0xBF)]
        case 0xF1...0xF3: ranges = [(0x80, 0xBF), (0x80, 0xBF), (0x80, 0xBF)]
        case 0xF4: ranges = [(0x80, 0x8F), (0x80, 0xBF), (0x80, 0xBF)]
        default:
          errorMessage = "invalid string: ill-formed UTF-8 byte"
          return .parseError
        }
        add(c)
        for (lo, hi) in ranges {
          let d = get()
          if d < lo || d > hi {
            errorMessage = "invalid string: ill-formed UTF-8 byte"
            return .parseError
          }
          add(d)
        }
      }
    }
  }

  private mutating func appendUTF8(_ cp: Int) {
    if cp < 0x80 {
      add(cp)
    } else if cp < 0x800 {
      add(0xC0 | (cp >> 6))
      add(0x80 | (cp & 0x3F))
    } else if cp < 0x10000 {
      add(0xE0 | (cp >> 12))
      add(0x80 | ((cp >> 6) & 0x3F))
      add(0x80 | (cp & 0x3F))
    } else {
      add(0xF0 | (cp >> 18))
      add(0x80 | ((cp >> 12) & 0x3F))
      add(0x80 | ((cp >> 6) & 0x3F))
      add(0x80 | (cp & 0x3F))
    }
  }

  private static func isDigit(_ c: Int) -> Bool { c >= 0x30 && c <= 0x39 }

  private mutating func scanNumber() -> Token {
    reset()
    enum Kind { case unsigned, integer, float }
    var kind = Kind.unsigned
    var c = current
    add(c)
    if c == 0x2D {
      kind = .integer
      c = get()
      guard Self.isDigit(c) else {
        errorMessage = "invalid number; expected digit after '-'"
        return .parseError
      }
      add(c)
    }
    // Integer part: a single 0, or digits not starting with 0.
    if c != 0x30 {
      while Self.isDigit(get()) { add(current) }
    } else {
      _ = get()
    }
    if current == 0x2E {
      add(current)
      kind = .float
      guard Self.isDigit(get()) else {
        errorMessage = "invalid number; expected digit after '.'"
        return .parseError
      }
      add(current)
      while Self.isDigit(get()) { add(current) }
    }
    if current == 0x65 || current == 0x45 {
      add(current)
      kind = .float
      let s = get()
      if s == 0x2B || s == 0x2D {
        add(s)
        guard Self.isDigit(get()) else {
          errorMessage = "invalid number; expected digit after exponent sign"
          return .parseError
        }
      } else if !Self.isDigit(s) {
        errorMessage = "invalid number; expected '+', '-', or digit after exponent"
        return .parseError
      }
      add(current)
      while Self.isDigit(get()) { add(current) }
    }
    unget()
    let text = String(decoding: tokenBuffer, as: UTF8.self)
    if kind == .unsigned, let u = UInt64(text) {
      valueUnsigned = u
      return .unsigned
    }
    if kind == .integer, let i = Int64(text) {
      valueInteger = i
      return .integer
    }
    valueFloat = Double(text) ?? .infinity
    return .float
  }

  /// The current token's text as nlohmann shows it after "last read": control characters
  /// as `<U+000A>`.
  private func tokenText() -> String {
    var out: [UInt8] = []
    for b in tokenString {
      if b <= 0x1F {
        out.append(contentsOf: "<U+\(Self.hex4(Int(b)))>".utf8)
      } else {
        out.append(b)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  // MARK: Parser

  private mutating func getToken() -> Token {
    lastToken = scan()
    return lastToken
  }

  private func syntaxError(expected: Token, _ context: String) -> Failure {
    var message = "syntax error while parsing \(context) - "
    if lastToken == .parseError {
      message += "\(errorMessage); last read: '\(tokenText())'"
    } else {
      message += "unexpected \(lastToken.name)"
    }
    if expected != .uninitialized { message += "; expected \(expected.name)" }
    return parseError(message)
  }

  private func parseError(_ message: String) -> Failure {
    Failure(
      message: "[json.exception.parse_error.101] parse error at line \(linesRead + 1), column \(charsReadCurrentLine): \(message)")
  }

  /// A container being filled (a class, so that adding to it never copies what it holds).
  private final class Frame {
    let isArray: Bool
    var items: [Value] = []
    var builder = AttrsBuilder()
    var key = Symbol(id: 0)
    var keySpan = Span.unknown
    init(isArray: Bool) { self.isArray = isArray }
  }

  /// Parses the whole input (nothing but whitespace may follow the value).
  mutating func parse(_ symbols: SymbolTable) throws(Failure) -> Value {
    var stack: [Frame] = []
    _ = getToken()
    while true {
      // Read one value (or open a container and go on with its first element).
      var value: Value
      switch lastToken {
      case .beginObject:
        if getToken() == .endObject {
          value = .attrs(.empty)
          break
        }
        guard lastToken == .string else { throw syntaxError(expected: .string, "object key") }
        let key = try symbol(symbols)
        let keySpan = tokenSpan
        guard getToken() == .nameSeparator else { throw syntaxError(expected: .nameSeparator, "object separator") }
        guard stack.count < Self.maxDepth else { throw tooDeep() }
        let frame = Frame(isArray: false)
        frame.key = key
        frame.keySpan = keySpan
        stack.append(frame)
        _ = getToken()
        continue
      case .beginArray:
        if getToken() == .endArray {
          value = .list(.empty)
          break
        }
        guard stack.count < Self.maxDepth else { throw tooDeep() }
        stack.append(Frame(isArray: true))
        continue
      case .float:
        guard valueFloat.isFinite else {
          throw Failure(message: "[json.exception.out_of_range.406] number overflow parsing '\(tokenText())'")
        }
        value = .float(valueFloat)
      case .literalFalse: value = .bool(false)
      case .literalTrue: value = .bool(true)
      case .literalNull: value = .null
      case .integer: value = .int(valueInteger)
      case .unsigned:
        guard valueUnsigned <= UInt64(Int64.max) else {
          throw Failure(message: "unsigned json number \(valueUnsigned) outside of Nix integer range")
        }
        value = .int(Int64(valueUnsigned))
      case .string:
        value = .string(NixString(try checkedBytes()))
      case .parseError:
        throw syntaxError(expected: .uninitialized, "value")
      case .endOfInput where charsReadTotal == 1:
        throw parseError(
          "attempting to parse an empty input; check that your input string or stream contains the expected JSON")
      default:
        throw syntaxError(expected: .literalOrValue, "value")
      }
      // Store the value in its container, closing containers that end here.
      while true {
        guard let top = stack.last else {
          if getToken() != .endOfInput { throw syntaxError(expected: .endOfInput, "value") }
          return value
        }
        if top.isArray {
          top.items.append(value)
          if getToken() == .valueSeparator {
            _ = getToken()
          } else if lastToken == .endArray {
            value = .list(NixList(top.items))
            stack.removeLast()
            continue
          } else {
            throw syntaxError(expected: .endArray, "array")
          }
        } else {
          top.builder.add(top.key, value, at: top.keySpan)
          if getToken() == .valueSeparator {
            guard getToken() == .string else { throw syntaxError(expected: .string, "object key") }
            top.key = try symbol(symbols)
            top.keySpan = tokenSpan
            guard getToken() == .nameSeparator else { throw syntaxError(expected: .nameSeparator, "object separator") }
            _ = getToken()
          } else if lastToken == .endObject {
            value = .attrs(top.builder.build())
            stack.removeLast()
            continue
          } else {
            throw syntaxError(expected: .endObject, "object")
          }
        }
        break
      }
    }
  }

  private func tooDeep() -> Failure {
    Failure(message: "JSON nesting too deep (more than \(Self.maxDepth) levels)")
  }

  /// The current string token's bytes, which Nix strings can hold only without NUL bytes.
  private func checkedBytes() throws(Failure) -> [UInt8] {
    if tokenBuffer.contains(0) {
      throw Failure(message: Self.nullByteMessage(tokenBuffer))
    }
    return tokenBuffer
  }

  private func symbol(_ symbols: SymbolTable) throws(Failure) -> Symbol {
    symbols.intern(try checkedBytes())
  }

  /// Nix's error for a string with a NUL byte, the NUL shown as `␀`.
  static func nullByteMessage(_ bytes: [UInt8]) -> String {
    var shown: [UInt8] = []
    for b in bytes {
      if b == 0 { shown.append(contentsOf: "\u{2400}".utf8) } else { shown.append(b) }
    }
    return "input string '\(String(decoding: shown, as: UTF8.self))' cannot be represented as Nix string because it contains null bytes"
  }
}
