/// Reads JSON text (RFC 8259) into a ``Plain`` value: the inverse of ``JSONRenderer`` for the
/// documents nixinv embeds (JSON schemas). Integers that fit `Int64` become `.int`, other
/// numbers `.float`; a key given twice keeps its last value. Nesting is limited to
/// ``maxDepth`` levels, so no input can exhaust the stack.
struct JSONReader {
  /// Why the text is not JSON, and where (a byte offset).
  struct Failure: Error, Equatable {
    let message: String
    let offset: Int
  }

  /// Deepest nesting of arrays and objects accepted.
  static let maxDepth = 512

  private let bytes: [UInt8]
  private var at = 0

  private init(_ text: String) { bytes = Array(text.utf8) }

  /// The value of `text`, which must hold one JSON value (and white space around it).
  static func read(_ text: String) throws(Failure) -> Plain {
    var reader = JSONReader(text)
    let value = try reader.value(depth: 0)
    reader.skipSpace()
    guard reader.at == reader.bytes.count else { throw reader.failure("unexpected text after the value") }
    return value
  }

  // MARK: - Values

  private mutating func value(depth: Int) throws(Failure) -> Plain {
    guard depth < Self.maxDepth else { throw failure("nested deeper than \(Self.maxDepth) levels") }
    skipSpace()
    guard at < bytes.count else { throw failure("expected a value, found the end") }
    switch bytes[at] {
    case UInt8(ascii: "{"): return try object(depth: depth)
    case UInt8(ascii: "["): return try array(depth: depth)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
    default: throw failure("expected a value")
    }
  }

  private mutating func object(depth: Int) throws(Failure) -> Plain {
    at += 1
    var result = PlainObject()
    skipSpace()
    if eat(UInt8(ascii: "}")) { return .object(result) }
    while true {
      skipSpace()
      guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw failure("expected a key") }
      let key = try string()
      skipSpace()
      guard eat(UInt8(ascii: ":")) else { throw failure("expected ':'") }
      result[key] = try value(depth: depth + 1)
      skipSpace()
      if eat(UInt8(ascii: ",")) { continue }
      guard eat(UInt8(ascii: "}")) else { throw failure("expected ',' or '}'") }
      return .object(result)
    }
  }

  private mutating func array(depth: Int) throws(Failure) -> Plain {
    at += 1
    var items: [Plain] = []
    skipSpace()
    if eat(UInt8(ascii: "]")) { return .list(items) }
    while true {
      items.append(try value(depth: depth + 1))
      skipSpace()
      if eat(UInt8(ascii: ",")) { continue }
      guard eat(UInt8(ascii: "]")) else { throw failure("expected ',' or ']'") }
      return .list(items)
    }
  }

  private mutating func literal(_ word: String, _ value: Plain) throws(Failure) -> Plain {
    let w = Array(word.utf8)
    guard bytes.count - at >= w.count, Array(bytes[at..<at + w.count]) == w else { throw failure("expected a value") }
    at += w.count
    return value
  }

  // MARK: - Numbers

  private mutating func number() throws(Failure) -> Plain {
    let start = at
    var integral = true
    _ = eat(UInt8(ascii: "-"))
    let integerStart = at
    let count = digits()
    guard count > 0 else { throw failure("expected a digit") }
    guard count == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw failure("a number has no leading zeros") }
    if eat(UInt8(ascii: ".")) {
      integral = false
      guard digits() > 0 else { throw failure("expected a digit after '.'") }
    }
    if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
      integral = false
      at += 1
      if !eat(UInt8(ascii: "+")) { _ = eat(UInt8(ascii: "-")) }
      guard digits() > 0 else { throw failure("expected a digit in the exponent") }
    }
    let text = String(decoding: bytes[start..<at], as: UTF8.self)
    if integral, let i = Int64(text) { return .int(i) }
    guard let f = Double(text) else { throw failure("not a number") }
    return .float(f)
  }

  /// Skips decimal digits; how many.
  private mutating func digits() -> Int {
    let start = at
    while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
    return at - start
  }

  // MARK: - Strings

  private mutating func string() throws(Failure) -> String {
    at += 1
    var out: [UInt8] = []
    while at < bytes.count {
      let b = bytes[at]
      at += 1
      switch b {
      case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
      case UInt8(ascii: "\\"): try escape(into: &out)
      case 0..<0x20: throw failure("a control character in a string")
      default: out.append(b)
      }
    }
    throw failure("a string without its closing '\"'")
  }

  private mutating func escape(into out: inout [UInt8]) throws(Failure) {
    guard at < bytes.count else { throw failure("an escape at the end") }
    let c = bytes[at]
    at += 1
    switch c {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(c)
    case UInt8(ascii: "b"): out.append(0x08)
    case UInt8(ascii: "f"): out.append(0x0C)
    case UInt8(ascii: "n"): out.append(0x0A)
    case UInt8(ascii: "r"): out.append(0x0D)
    case UInt8(ascii: "t"): out.append(0x09)
    case UInt8(ascii: "u"):
      var scalar = try hex4()
      if (0xD800..<0xDC00).contains(scalar) {
        // A high surrogate: a low one must follow.
        guard eat(UInt8(ascii: "\\")), eat(UInt8(ascii: "u")) else { throw failure("a lone surrogate") }
        let low = try hex4()
        guard (0xDC00..<0xE000).contains(low) else { throw failure("a lone surrogate") }
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
      }
      guard let u = Unicode.Scalar(scalar) else { throw failure("a lone surrogate") }
      out.append(contentsOf: Array(String(Character(u)).utf8))
    default: throw failure("an unknown escape")
    }
  }

  private mutating func hex4() throws(Failure) -> UInt32 {
    guard bytes.count - at >= 4 else { throw failure("expected four hex digits") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let b = bytes[at]
      let digit: UInt8
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
      default: throw failure("expected four hex digits")
      }
      v = v << 4 | UInt32(digit)
      at += 1
    }
    return v
  }

  // MARK: - Pieces

  private mutating func skipSpace() {
    while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
  }

  private mutating func eat(_ b: UInt8) -> Bool {
    guard at < bytes.count, bytes[at] == b else { return false }
    at += 1
    return true
  }

  private func failure(_ message: String) -> Failure { Failure(message: message, offset: at) }
}
