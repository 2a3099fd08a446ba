// MARK: - Expressions (the `normal` mode)

extension Cursor {
  /// Lexes one token in expression context, skipping whitespace and comments first.
  func lexNormal() -> Bool {
    skipTrivia()
    if pos >= stopOffset {
      stopBefore()
      return true
    }
    if pos >= end { return finish() }
    let start = pos
    let single = punctuation[Int(src[start])]
    if single != 0xFF, let kind = TokenKind(rawValue: single), kind != .equal || byte(start + 1) != UInt8(ascii: "=") {
      // One byte that no path, URI or longer operator can start.
      emit(kind, start, start + 1)
      pos = start + 1
      switch kind {
      case .leftBrace: pushMode(.normal)
      case .rightBrace: popMode()
      case .stringOpen: pushMode(.string)
      default: break
      }
      return true
    }
    if let length = plainWordOrNumber(at: start) {
      pos = start + length
      return true
    }
    var (kind, length) = ordinaryToken(at: start)

    // A path (or URI) wins where it is strictly longer than the ordinary token.
    var pathRule: (kind: TokenKind, tokenLength: Int, matchLength: Int)? = nil
    let c = src[start]
    if c == UInt8(ascii: "~") {
      let home = matchHomePath(start)
      if home > 0 { pathRule = (.homePath, home, home) }
      if byte(start + 1) == UInt8(ascii: "/"), byte(start + 2) == UInt8(ascii: "$"),
        byte(start + 3) == UInt8(ascii: "{"), 4 > (pathRule?.matchLength ?? 0)
      {
        pathRule = (.homePath, 2, 4)
      }
    } else if c == UInt8(ascii: "/") || (isClass(start, ByteClass.pathChar) && pathSlashFollowsRun(start)) {
      let seg = matchPathSegment(start)
      if seg > 0, byte(start + seg) == UInt8(ascii: "$"), byte(start + seg + 1) == UInt8(ascii: "{") {
        pathRule = (.path, seg, seg + 2)
      }
      let full = matchPath(start)
      if full > (pathRule?.matchLength ?? 0) { pathRule = (.path, full, full) }
    }
    if let rule = pathRule, rule.matchLength > length {
      emit(rule.kind, start, start + rule.tokenLength)
      pos = start + rule.tokenLength
      pushMode(src[pos - 1] == UInt8(ascii: "/") ? .pathAfterSlash : .path)
      return true
    }
    if isClass(start, ByteClass.letter), schemeColonFollows(start) {
      let uri = matchURI(start)
      if uri > length {
        kind = .uri
        length = uri
      }
    }
    emit(kind, start, start + length)
    pos = start + length
    switch kind {
    case .leftBrace, .interpolationOpen: pushMode(.normal)
    case .rightBrace: popMode()
    case .stringOpen: pushMode(.string)
    case .indStringOpen: pushMode(.indentedString)
    default: break
    }
    return true
  }

  /// The one-byte tokens that are always whole where they stand (`=` unless `==` follows), as
  /// raw ``TokenKind`` values by byte (0xFF: none); a pointer that lives for the whole process.
  nonisolated(unsafe) static let punctuationTable: UnsafePointer<UInt8> = {
    let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    table.initialize(repeating: 0xFF, count: 256)
    let kinds: [(Character, TokenKind)] = [
      (";", .semicolon), (",", .comma), ("(", .leftParen), (")", .rightParen), ("[", .leftBracket),
      ("]", .rightBracket), ("{", .leftBrace), ("}", .rightBrace), ("@", .at), ("?", .question),
      (":", .colon), ("\"", .stringOpen), ("=", .equal),
    ]
    for (c, kind) in kinds { table[Int(c.asciiValue!)] = kind.rawValue }
    return UnsafePointer(table)
  }()

  /// The common tokens, a name, keyword or integer that no path, URI or float extends, emitted
  /// after one scan; `nil` (nothing emitted) for anything else.
  ///
  /// A path needs its run of path characters to reach a `/`, and a URI its run of scheme
  /// characters to reach a `:`; a float needs a `.`. An identifier's characters outside those
  /// runs (`_`, `'`) end the runs early at a byte that is neither, so when the byte after the
  /// token is no path or scheme character and neither `/` nor `:`, the token stands alone. A
  /// name followed by more of a run (`meta` in `meta.license`) stands alone when the run is
  /// neither a path nor a URI.
  @inline(__always) func plainWordOrNumber(at p: Int) -> Int? {
    let c = src[p]
    let isWord = classes[Int(c)] & ByteClass.idStart != 0
    guard isWord || classes[Int(c)] & ByteClass.digit != 0 else { return nil }
    let runClass = isWord ? ByteClass.idContinue : ByteClass.digit
    var q = p + 1
    while q < end, classes[Int(src[q])] & runClass != 0 { q += 1 }
    let next = byte(q)
    if classes[Int(next)] & (ByteClass.pathChar | ByteClass.uriScheme) != 0 || next == UInt8(ascii: "/")
      || next == UInt8(ascii: ":")
    {
      // A name in a run such as `a.b.c` stands alone unless the run is a path or a URI
      // (both checks remember the run, so its later names cost nothing more).
      guard isWord, next != UInt8(ascii: "/"), next != UInt8(ascii: ":"), !pathSlashFollowsRun(p),
        classes[Int(c)] & ByteClass.letter == 0 || !schemeColonFollows(p)
      else { return nil }
    }
    emit(isWord ? (keyword(p, q - p) ?? .identifier) : .integer, p, q)
    return q - p
  }

  /// Whether the run of path characters at `p` is followed by `/` (else no path starts at `p`).
  ///
  /// Every position inside one run shares its end, which is remembered, so that a run of
  /// many short tokens (`-----1`, `a.a.a.a`) is scanned once, not once per token.
  @inline(__always) func pathSlashFollowsRun(_ p: Int) -> Bool {
    if p < pathRunEnd, p >= pathRunStart { return byte(pathRunEnd) == UInt8(ascii: "/") }
    var q = p
    while isClass(q, ByteClass.pathChar) { q += 1 }
    pathRunStart = p
    pathRunEnd = q
    return byte(q) == UInt8(ascii: "/")
  }

  /// Whether the run of URI scheme characters at `p` is followed by `:` (else no URI starts at
  /// `p`); remembered per run like ``pathSlashFollowsRun(_:)``.
  @inline(__always) func schemeColonFollows(_ p: Int) -> Bool {
    if p < schemeRunEnd, p >= schemeRunStart { return byte(schemeRunEnd) == UInt8(ascii: ":") }
    var q = p
    while isClass(q, ByteClass.uriScheme) { q += 1 }
    schemeRunStart = p
    schemeRunEnd = q
    return byte(q) == UInt8(ascii: ":")
  }

  /// Skips spaces, tabs, line ends, `#` comments and `/* */` comments.
  @inline(__always) func skipTrivia() {
    while pos < end {
      let c = src[pos]
      if classes[Int(c)] & ByteClass.space != 0 {
        pos += 1
        while pos < end, classes[Int(src[pos])] & ByteClass.space != 0 { pos += 1 }
      } else if c == UInt8(ascii: "#") {
        while pos < end, src[pos] != 0x0A, src[pos] != 0x0D { pos += 1 }
      } else if c == UInt8(ascii: "/"), byte(pos + 1) == UInt8(ascii: "*") {
        let start = pos
        pos += 2
        var closed = false
        while pos < end {
          if src[pos] == UInt8(ascii: "*"), byte(pos + 1) == UInt8(ascii: "/") {
            pos += 2
            closed = true
            break
          }
          pos += 1
        }
        if !closed {
          report("E0003", "unterminated block comment: '/*' has no closing '*/'", start, start + 2)
        }
      } else {
        return
      }
    }
  }

  /// The token an expression position starts with, ignoring paths and URIs.
  func ordinaryToken(at p: Int) -> (TokenKind, Int) {
    let c = src[p]
    let n = byte(p + 1)
    switch c {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
      var q = p + 1
      while isClass(q, ByteClass.idContinue) { q += 1 }
      return (keyword(p, q - p) ?? .identifier, q - p)
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      var q = p + 1
      while isClass(q, ByteClass.digit) { q += 1 }
      let float = matchFloat(p)
      return float > q - p ? (.float, float) : (.integer, q - p)
    case UInt8(ascii: "."):
      let float = matchFloat(p)
      if float > 0 { return (.float, float) }
      if n == UInt8(ascii: "."), byte(p + 2) == UInt8(ascii: ".") { return (.ellipsis, 3) }
      return (.dot, 1)
    case UInt8(ascii: "\""): return (.stringOpen, 1)
    case UInt8(ascii: "'"):
      guard n == UInt8(ascii: "'") else { return (.invalid, 1) }
      var q = p + 2
      while byte(q) == 0x20 { q += 1 }
      return (.indStringOpen, byte(q) == 0x0A ? q + 1 - p : 2)
    case UInt8(ascii: "$"): return n == UInt8(ascii: "{") ? (.interpolationOpen, 2) : (.invalid, 1)
    case UInt8(ascii: "{"): return (.leftBrace, 1)
    case UInt8(ascii: "}"): return (.rightBrace, 1)
    case UInt8(ascii: "("): return (.leftParen, 1)
    case UInt8(ascii: ")"): return (.rightParen, 1)
    case UInt8(ascii: "["): return (.leftBracket, 1)
    case UInt8(ascii: "]"): return (.rightBracket, 1)
    case UInt8(ascii: ";"): return (.semicolon, 1)
    case UInt8(ascii: ","): return (.comma, 1)
    case UInt8(ascii: "@"): return (.at, 1)
    case UInt8(ascii: ":"): return (.colon, 1)
    case UInt8(ascii: "?"): return (.question, 1)
    case UInt8(ascii: "*"): return (.star, 1)
    case UInt8(ascii: "="): return n == UInt8(ascii: "=") ? (.equalEqual, 2) : (.equal, 1)
    case UInt8(ascii: "!"): return n == UInt8(ascii: "=") ? (.bangEqual, 2) : (.bang, 1)
    case UInt8(ascii: "<"):
      if n == UInt8(ascii: "=") { return (.lessEqual, 2) }
      if n == UInt8(ascii: "|") { return (.pipeFrom, 2) }
      let sp = matchSearchPath(p)
      return sp > 0 ? (.searchPath, sp) : (.less, 1)
    case UInt8(ascii: ">"): return n == UInt8(ascii: "=") ? (.greaterEqual, 2) : (.greater, 1)
    case UInt8(ascii: "&"): return n == UInt8(ascii: "&") ? (.ampAmp, 2) : (.invalid, 1)
    case UInt8(ascii: "|"):
      if n == UInt8(ascii: "|") { return (.pipePipe, 2) }
      return n == UInt8(ascii: ">") ? (.pipeInto, 2) : (.invalid, 1)
    case UInt8(ascii: "-"): return n == UInt8(ascii: ">") ? (.arrow, 2) : (.minus, 1)
    case UInt8(ascii: "+"): return n == UInt8(ascii: "+") ? (.concat, 2) : (.plus, 1)
    case UInt8(ascii: "/"): return n == UInt8(ascii: "/") ? (.update, 2) : (.slash, 1)
    default:
      // One whole UTF-8 sequence (or one stray byte) is one invalid token.
      var q = p + 1
      if c >= 0xC0 {
        while q < end, q < p + 4, src[q] & 0xC0 == 0x80 { q += 1 }
      }
      return (.invalid, q - p)
    }
  }

  /// The keyword spelled by `length` bytes at `p`, if any.
  ///
  /// Keywords are 2 to 7 bytes: the word is read as one little-endian integer and compared
  /// with each keyword's spelling packed the same way.
  @inline(__always) func keyword(_ p: Int, _ length: Int) -> TokenKind? {
    guard length >= 2, length <= 7 else { return nil }
    var word: UInt64 = 0
    if p + 8 <= end {
      word = UnsafeRawPointer(src.baseAddress! + p).loadUnaligned(as: UInt64.self).littleEndian
      word &= (1 << (8 * UInt64(length))) - 1
    } else {
      for i in 0..<length { word |= UInt64(src[p + i]) << (8 * UInt64(i)) }
    }
    switch word {
    case 0x6669: return .kwIf  // if
    case 0x6e69: return .kwIn  // in
    case 0x726f: return .kwOr  // or
    case 0x74_656c: return .kwLet  // let
    case 0x63_6572: return .kwRec  // rec
    case 0x6e65_6874: return .kwThen  // then
    case 0x6573_6c65: return .kwElse  // else
    case 0x6874_6977: return .kwWith  // with
    case 0x7472_6573_7361: return .kwAssert  // assert
    case 0x74_6972_6568_6e69: return .kwInherit  // inherit
    default: return nil
    }
  }

  /// The length of a float at `p` (`(([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?`), or 0.
  func matchFloat(_ p: Int) -> Int {
    var best = 0
    // [1-9][0-9]*\.[0-9]*
    if byte(p) >= UInt8(ascii: "1"), byte(p) <= UInt8(ascii: "9") {
      var q = p + 1
      while isClass(q, ByteClass.digit) { q += 1 }
      if byte(q) == UInt8(ascii: ".") {
        q += 1
        while isClass(q, ByteClass.digit) { q += 1 }
        best = q - p
      }
    }
    // 0?\.[0-9]+
    var q = p
    if byte(q) == UInt8(ascii: "0") { q += 1 }
    if byte(q) == UInt8(ascii: "."), isClass(q + 1, ByteClass.digit) {
      q += 1
      while isClass(q, ByteClass.digit) { q += 1 }
      best = max(best, q - p)
    }
    guard best > 0 else { return 0 }
    // Exponent.
    var e = p + best
    if byte(e) == UInt8(ascii: "e") || byte(e) == UInt8(ascii: "E") {
      e += 1
      if byte(e) == UInt8(ascii: "+") || byte(e) == UInt8(ascii: "-") { e += 1 }
      if isClass(e, ByteClass.digit) {
        while isClass(e, ByteClass.digit) { e += 1 }
        best = e - p
      }
    }
    return best
  }

  /// The length of a URI at `p`, or 0.
  func matchURI(_ p: Int) -> Int {
    guard isClass(p, ByteClass.letter) else { return 0 }
    var q = p + 1
    while isClass(q, ByteClass.uriScheme) { q += 1 }
    guard byte(q) == UInt8(ascii: ":") else { return 0 }
    q += 1
    let bodyStart = q
    while isClass(q, ByteClass.uriBody) { q += 1 }
    return q > bodyStart ? q - p : 0
  }
}
