#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A set of bytes as a 256-bit map.
struct ByteSet {
  var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

  @inline(__always) func contains(_ b: UInt8) -> Bool {
    let bit = UInt64(1) << UInt64(b & 63)
    switch b >> 6 {
    case 0: return words.0 & bit != 0
    case 1: return words.1 & bit != 0
    case 2: return words.2 & bit != 0
    default: return words.3 & bit != 0
    }
  }

  mutating func insert(_ b: UInt8) {
    let bit = UInt64(1) << UInt64(b & 63)
    switch b >> 6 {
    case 0: words.0 |= bit
    case 1: words.1 |= bit
    case 2: words.2 |= bit
    default: words.3 |= bit
    }
  }

  mutating func insert(where predicate: (UInt8) -> Bool) {
    for b in 0...255 where predicate(UInt8(b)) { insert(UInt8(b)) }
  }

  mutating func formUnion(_ o: ByteSet) {
    words.0 |= o.words.0
    words.1 |= o.words.1
    words.2 |= o.words.2
    words.3 |= o.words.3
  }

  mutating func invert() { words = (~words.0, ~words.1, ~words.2, ~words.3) }
}

/// The syntax tree of a pattern.
indirect enum RegexNode {
  case empty
  case byte(UInt8)
  case set(ByteSet)
  case any
  case bol, eol
  case group(Int, RegexNode)
  case concat([RegexNode])
  case alternation([RegexNode])
  case repeated(RegexNode, min: Int, max: Int?)
}

/// Parses the extended syntax libstdc++ accepts: `|`, `()`, `* + ? {n} {n,} {n,m}`, `.`,
/// `^ $`, bracket expressions with ranges, `[:class:]`, `[.c.]` and `[=c=]`, and `\` before a
/// special character only.
struct RegexParser {
  let bytes: [UInt8]
  var pos = 0
  var groupCount = 0
  var depth = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  mutating func parseTop() throws(NixRegex.SyntaxError) -> RegexNode {
    let node = try parseAlternation()
    if pos != bytes.count { throw .init() }
    return node
  }

  private var peek: UInt8? { pos < bytes.count ? bytes[pos] : nil }

  private mutating func parseAlternation() throws(NixRegex.SyntaxError) -> RegexNode {
    depth += 1
    defer { depth -= 1 }
    if depth > 500 { throw .init() }
    var branches = [try parseConcat()]
    while peek == UInt8(ascii: "|") {
      pos += 1
      branches.append(try parseConcat())
    }
    return branches.count == 1 ? branches[0] : .alternation(branches)
  }

  private mutating func parseConcat() throws(NixRegex.SyntaxError) -> RegexNode {
    var items: [RegexNode] = []
    while let c = peek, c != UInt8(ascii: "|"), c != UInt8(ascii: ")") {
      var atom = try parseAtom()
      let quantifiable: Bool
      switch atom {
      case .bol, .eol: quantifiable = false
      default: quantifiable = true
      }
      quantifiers: while let q = peek {
        var minimum = 0
        var maximum: Int? = nil
        switch q {
        case UInt8(ascii: "*"): pos += 1
        case UInt8(ascii: "+"): pos += 1; minimum = 1
        case UInt8(ascii: "?"): pos += 1; maximum = 1
        case UInt8(ascii: "{"):
          pos += 1
          guard let n = parseNumber() else { throw .init() }
          minimum = n
          maximum = n
          if peek == UInt8(ascii: ",") {
            pos += 1
            maximum = parseNumber()
          }
          guard peek == UInt8(ascii: "}") else { throw .init() }
          pos += 1
          if let m = maximum, m < minimum { throw .init() }
        default:
          break quantifiers
        }
        if !quantifiable { throw .init() }
        atom = .repeated(atom, min: minimum, max: maximum)
      }
      items.append(atom)
    }
    return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .concat(items))
  }

  private mutating func parseNumber() -> Int? {
    var n = 0
    let start = pos
    while let c = peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
      n = min(n * 10 + Int(c - UInt8(ascii: "0")), 100_000)
      pos += 1
    }
    return pos == start ? nil : n
  }

  private mutating func parseAtom() throws(NixRegex.SyntaxError) -> RegexNode {
    let c = bytes[pos]
    pos += 1
    switch c {
    case UInt8(ascii: "("):
      groupCount += 1
      let index = groupCount
      let inner = try parseAlternation()
      guard peek == UInt8(ascii: ")") else { throw .init() }
      pos += 1
      return .group(index, inner)
    case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"): throw .init()
    case UInt8(ascii: "."): return .any
    case UInt8(ascii: "^"): return .bol
    case UInt8(ascii: "$"): return .eol
    case UInt8(ascii: "["): return .set(try parseBracket())
    case UInt8(ascii: "\\"):
      guard let e = peek, Array("|+?()^$*[\\.{".utf8).contains(e) else { throw .init() }
      pos += 1
      return .byte(e)
    default: return .byte(c)
    }
  }

  /// A bracket expression, after its `[`.
  private mutating func parseBracket() throws(NixRegex.SyntaxError) -> ByteSet {
    var set = ByteSet()
    var negated = false
    if peek == UInt8(ascii: "^") {
      negated = true
      pos += 1
    }
    var first = true
    while true {
      guard let c = peek else { throw .init() }
      if c == UInt8(ascii: "]") && !first { pos += 1; break }
      first = false
      // One element: a class (no range allowed), or a byte that may start a range.
      let low: UInt8
      if c == UInt8(ascii: "["), pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: ":") {
        pos += 2
        let name = try bracketName(until: UInt8(ascii: ":"))
        guard let pred = Self.characterClass(name) else { throw .init() }
        set.insert(where: pred)
        if peek == UInt8(ascii: "-"), pos + 1 < bytes.count, bytes[pos + 1] != UInt8(ascii: "]") { throw .init() }
        continue
      } else if let b = try collatingElement() {
        low = b
      } else {
        low = c
        pos += 1
      }
      if peek == UInt8(ascii: "-"), pos + 1 < bytes.count, bytes[pos + 1] != UInt8(ascii: "]") {
        pos += 1
        let high: UInt8
        if let b = try collatingElement() {
          high = b
        } else {
          guard let h = peek else { throw .init() }
          if h == UInt8(ascii: "["), pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: ":") { throw .init() }
          high = h
          pos += 1
        }
        if high < low { throw .init() }
        for b in low...high { set.insert(b) }
        // `[a-c-e]`: a range cannot end where another begins.
        if peek == UInt8(ascii: "-"), pos + 1 < bytes.count, bytes[pos + 1] != UInt8(ascii: "]") { throw .init() }
      } else {
        set.insert(low)
      }
    }
    if negated { set.invert() }
    return set
  }

  /// `[.c.]` or `[=c=]` at the position, as its single byte; nil when neither starts here.
  private mutating func collatingElement() throws(NixRegex.SyntaxError) -> UInt8? {
    guard peek == UInt8(ascii: "["), pos + 1 < bytes.count,
      bytes[pos + 1] == UInt8(ascii: ".") || bytes[pos + 1] == UInt8(ascii: "=")
    else { return nil }
    let delimiter = bytes[pos + 1]
    pos += 2
    let name = try bracketName(until: delimiter)
    guard name.count == 1 else { throw .init() }
    return name[0]
  }

  /// The bytes up to `delimiter` followed by `]`, consuming both.
  private mutating func bracketName(until delimiter: UInt8) throws(NixRegex.SyntaxError) -> [UInt8] {
    let start = pos
    while pos + 1 < bytes.count {
      if bytes[pos] == delimiter && bytes[pos + 1] == UInt8(ascii: "]") {
        let name = Array(bytes[start..<pos])
        pos += 2
        return name
      }
      pos += 1
    }
    throw .init()
  }

  /// The C-locale predicate of a `[:name:]` class.
  static func characterClass(_ name: [UInt8]) -> ((UInt8) -> Bool)? {
    func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
    func isPunct(_ b: UInt8) -> Bool { b > 0x20 && b < 0x7F && !isAlpha(b) && !isDigit(b) }
    switch String(decoding: name, as: UTF8.self) {
    case "alpha": return isAlpha
    case "digit", "d": return isDigit
    case "alnum": return { isAlpha($0) || isDigit($0) }
    case "w": return { isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "_") }
    case "upper": return { $0 >= 0x41 && $0 <= 0x5A }
    case "lower": return { $0 >= 0x61 && $0 <= 0x7A }
    case "space", "s": return isSpace
    case "blank": return { $0 == 0x20 || $0 == 0x09 }
    case "punct": return isPunct
    case "print": return { $0 >= 0x20 && $0 < 0x7F }
    case "graph": return { $0 > 0x20 && $0 < 0x7F }
    case "cntrl": return { $0 < 0x20 || $0 == 0x7F }
    case "xdigit": return { isDigit($0) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x66) }
    default: return nil
    }
  }
}
