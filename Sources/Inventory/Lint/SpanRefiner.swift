import NixLexer

/// Narrows a definition's position to the text a finding is about. Values remember where
/// their attribute path starts (`roles.client.machines = …` is one position for all three
/// names); the refiner reads the source from there to find one name of the path, or one string
/// of the list the attribute is set to. Nix and JSON sources are read alike.
struct SpanRefiner {
  let sources: SourceMap

  private enum Token: Equatable {
    case name(String)
    case dot, assign, open, close, other, end
  }

  private struct Scanner {
    let bytes: [UInt8]
    var i: Int

    mutating func skipTrivia() {
      while i < bytes.count {
        let b = bytes[i]
        if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
          i += 1
        } else if b == UInt8(ascii: "#") {
          while i < bytes.count, bytes[i] != 0x0A { i += 1 }
        } else if b == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
          i += 2
          while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) { i += 1 }
          i = min(bytes.count, i + 2)
        } else {
          return
        }
      }
    }

    /// The next token and where it is.
    mutating func next() -> (Token, Int, Int) {
      skipTrivia()
      let start = i
      guard i < bytes.count else { return (.end, i, i) }
      let b = bytes[i]
      func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x27 || c == 0x2D
      }
      if isNameByte(b) && !(b >= 0x30 && b <= 0x39) && b != 0x27 && b != 0x2D {
        while i < bytes.count, isNameByte(bytes[i]) { i += 1 }
        return (.name(String(decoding: bytes[start..<i], as: UTF8.self)), start, i)
      }
      if b == 0x22 {
        i += 1
        var text: [UInt8] = []
        while i < bytes.count, bytes[i] != 0x22 {
          if bytes[i] == 0x5C, i + 1 < bytes.count {
            let e = bytes[i + 1]
            text.append(e == UInt8(ascii: "n") ? 0x0A : e == UInt8(ascii: "t") ? 0x09 : e)
            i += 2
            continue
          }
          if bytes[i] == UInt8(ascii: "$"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") { return (.other, start, i) }
          text.append(bytes[i])
          i += 1
        }
        i = min(bytes.count, i + 1)
        return (.name(String(decoding: text, as: UTF8.self)), start, i)
      }
      i += 1
      switch b {
      case UInt8(ascii: "."): return (.dot, start, i)
      case UInt8(ascii: "="), UInt8(ascii: ":"): return (.assign, start, i)
      case UInt8(ascii: "["): return (.open, start, i)
      case UInt8(ascii: "]"): return (.close, start, i)
      default: return (.other, start, i)
      }
    }
  }

  private func scanner(at span: Span) -> Scanner? {
    guard span.isKnown, let file = sources.file(span.file), Int(span.start) < file.bytes.count else { return nil }
    return Scanner(bytes: file.bytes, i: Int(span.start))
  }

  /// The span of `subject`: a name of the path at `span`, else a string it is set to.
  func refine(_ span: Span, to subject: String?) -> Span {
    guard let subject else { return span }
    let c = component(subject, at: span)
    return c != span ? c : listElement(subject, definedAt: span)
  }

  /// The span of `name` in the attribute path that starts at `span` (or `span` itself).
  func component(_ name: String, at span: Span) -> Span {
    guard var s = scanner(at: span) else { return span }
    for _ in 0..<64 {
      let (token, start, end) = s.next()
      guard case .name(let text) = token else { return span }
      if text == name { return Span(file: span.file, start: UInt32(start), end: UInt32(end)) }
      guard s.next().0 == .dot else { return span }
    }
    return span
  }

  /// The span of the string `value` that the attribute defined at `span` is set to, or that
  /// is an element of the list it is set to (or `span` itself).
  func listElement(_ value: String, definedAt span: Span) -> Span {
    guard var s = scanner(at: span) else { return span }
    // The attribute path, then `=` (or `:` in JSON), then `[`.
    var token = s.next().0
    while case .name = token {
      token = s.next().0
      if token == .dot { token = s.next().0 }
    }
    guard token == .assign else { return span }
    let (first, firstStart, firstEnd) = s.next()
    if case .name(let text) = first, text == value {
      return Span(file: span.file, start: UInt32(firstStart), end: UInt32(firstEnd))
    }
    guard first == .open else { return span }
    for _ in 0..<100_000 {
      let (t, start, end) = s.next()
      switch t {
      case .name(let text) where text == value: return Span(file: span.file, start: UInt32(start), end: UInt32(end))
      case .close, .end: return span
      default: continue
      }
    }
    return span
  }
}
