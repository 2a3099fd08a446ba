import NixLexer

// MARK: - Strings

extension Parser {
  /// `"…"`: one literal, or a concatenation when it interpolates.
  func parseString() -> Expr {
    let start = advance()
    // The common cases: `""` and `"text"` without interpolation.
    if at(.stringClose) {
      let close = advance()
      return .string(StringLiteral([], span: span(start).merged(with: span(close))))
    }
    if at(.stringText), peek() == .stringClose {
      let t = advance()
      let close = advance()
      return .string(StringLiteral(slice: stringValue(t), span: span(start).merged(with: span(close))))
    }
    var parts: [Expr] = []
    var interpolated = false
    while !abandoned {
      if at(.stringText) {
        let t = advance()
        parts.append(.string(StringLiteral(slice: stringValue(t), span: span(t))))
      } else if at(.interpolationOpen) {
        interpolated = true
        parts.append(parseInterpolation())
      } else {
        break
      }
    }
    expect(.stringClose, opening: ("'\"'", span(start)))
    let whole = span(from: span(start))
    if !interpolated {
      if case .string(let only)? = parts.first {
        return .string(StringLiteral(slice: only.bytes, span: whole))
      }
      return .string(StringLiteral([], span: whole))
    }
    return .concatStrings(ConcatStrings(forceString: true, parts: parts, span: whole))
  }

  /// The value of a piece of `"…"` text: its own bytes, unless the lexer saw escapes in it.
  @inline(__always) func stringValue(_ token: Token) -> ArraySlice<UInt8> {
    token.needsUnescaping ? unescape(text(token), at: span(token)) : text(token)
  }

  /// Applies the escapes of a `"…"` string: `\n`, `\r`, `\t`, `\X` → `X`; CR LF and CR → LF.
  func unescape(_ raw: ArraySlice<UInt8>, at where_: Span) -> ArraySlice<UInt8> {
    // Most strings have nothing to unescape: they are their source bytes.
    let plain = raw.withUnsafeBufferPointer { buffer in
      for b in buffer where b <= UInt8(ascii: "\\") {
        if b == UInt8(ascii: "\\") || b == 0x0D || b == 0 { return false }
      }
      return true
    }
    if plain { return raw }
    let out = raw.withUnsafeBufferPointer { source in
      [UInt8](unsafeUninitializedCapacity: source.count) { buffer, written in
        var i = 0
        var o = 0
        let n = source.count
        while i < n {
          let c = source[i]
          i += 1
          if c == UInt8(ascii: "\\"), i < n {
            let e = source[i]
            i += 1
            switch e {
            case UInt8(ascii: "n"): buffer[o] = 0x0A
            case UInt8(ascii: "r"): buffer[o] = 0x0D
            case UInt8(ascii: "t"): buffer[o] = 0x09
            default: buffer[o] = e
            }
          } else if c == 0x0D {
            buffer[o] = 0x0A
            if i < n, source[i] == 0x0A { i += 1 }
          } else {
            buffer[o] = c
          }
          o += 1
        }
        written = o
      }
    }
    if out.contains(0) { report(.nulInString(text: Self.showingNul(out[...])), at: where_) }
    return out[...]
  }

  // MARK: - Indented strings

  /// `''…''`: parts with their indentation stripped, as Nix strips it.
  func parseIndentedString() -> Expr {
    let start = advance()
    var parts: [IndentedPart] = []
    while !abandoned {
      if at(.indStringText) {
        let t = advance()
        parts.append(.text(Array(text(t)), indented: true, span(t)))
      } else if at(.indStringEscape) {
        let t = advance()
        parts.append(.text(indentedEscapeValue(t), indented: false, span(t)))
      } else if at(.interpolationOpen) {
        parts.append(.interpolation(parseInterpolation()))
      } else {
        break
      }
    }
    expect(.indStringClose, opening: ("''", span(start)))
    let whole = span(from: span(start))
    let stripped = IndentedString.strip(parts)
    for part in parts {
      // Nix shows the text as written, before indentation is stripped.
      if case .text(let bytes, _, let at) = part, bytes.contains(0) {
        report(.nulInString(text: Self.showingNul(bytes[...])), at: at)
      }
    }
    if stripped.isEmpty { return .string(StringLiteral([], span: whole)) }
    if stripped.count == 1, case .string(let only) = stripped[0] {
      return .string(StringLiteral(slice: only.bytes, span: whole))
    }
    return .concatStrings(ConcatStrings(forceString: true, parts: stripped, span: whole))
  }

  /// The text an indented-string escape stands for.
  func indentedEscapeValue(_ token: Token) -> [UInt8] {
    let raw = text(token)
    if raw.count == 1 { return Array(raw) }  // a lone `$` or `'`
    let third = raw[raw.startIndex + 2]
    if third == UInt8(ascii: "'") { return [UInt8(ascii: "'"), UInt8(ascii: "'")] }
    if third == UInt8(ascii: "$") { return [UInt8(ascii: "$")] }
    return Array(unescape(raw.dropFirst(2), at: span(token)))  // ''\X
  }
}

/// A piece of an indented string before stripping.
enum IndentedPart {
  /// Text; `indented` is true for raw text, which takes part in indentation stripping.
  case text([UInt8], indented: Bool, Span)
  case interpolation(Expr)
}

/// Nix's indentation stripping for `''…''` strings.
enum IndentedString {
  /// Removes the common indentation of all lines (whitespace-only lines do not count), drops
  /// a last line made only of spaces, and merges nothing: each part stays a part.
  static func strip(_ parts: [IndentedPart]) -> [Expr] {
    // The smallest indentation of a line with content.
    var atLineStart = true
    var minIndent = Int.max
    var current = 0
    for part in parts {
      guard case .text(let bytes, true, _) = part else {
        if atLineStart {
          atLineStart = false
          minIndent = min(minIndent, current)
        }
        continue
      }
      for b in bytes {
        if atLineStart {
          if b == 0x20 {
            current += 1
          } else if b == 0x0A {
            current = 0
          } else {
            atLineStart = false
            minIndent = min(minIndent, current)
          }
        } else if b == 0x0A {
          atLineStart = true
          current = 0
        }
      }
    }
    if minIndent == Int.max { minIndent = 1_000_000 }

    var result: [Expr] = []
    atLineStart = true
    var dropped = 0
    for (n, part) in parts.enumerated() {
      switch part {
      case .interpolation(let expr):
        atLineStart = false
        dropped = 0
        result.append(expr)
      case .text(let bytes, _, let span):
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes {
          if atLineStart {
            if b == 0x20 {
              if dropped >= minIndent { out.append(b) }
              dropped += 1
            } else if b == 0x0A {
              dropped = 0
              out.append(b)
            } else {
              atLineStart = false
              dropped = 0
              out.append(b)
            }
          } else {
            out.append(b)
            if b == 0x0A { atLineStart = true }
          }
        }
        // The last part: drop a final line made only of spaces.
        if n == parts.count - 1, let newline = out.lastIndex(of: 0x0A),
          out[(newline + 1)...].allSatisfy({ $0 == 0x20 })
        {
          out.removeSubrange((newline + 1)...)
        }
        if !out.isEmpty { result.append(.string(StringLiteral(out, span: span))) }
      }
    }
    return result
  }
}

extension Parser {
  /// String bytes as text, a NUL shown as `␀` (as Nix shows it).
  static func showingNul(_ bytes: ArraySlice<UInt8>) -> String {
    var out: [UInt8] = []
    for b in bytes {
      if b == 0 { out.append(contentsOf: "␀".utf8) } else { out.append(b) }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
