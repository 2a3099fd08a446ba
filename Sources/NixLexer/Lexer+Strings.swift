// MARK: - Strings

extension Cursor {
  /// Lexes inside `"…"`: text, `${`, or the closing quote.
  ///
  /// Text follows Nix's rule `([^$"\\]|\$[^{"\\]|\\.|\$\\.)*` (plus a `$` just before the
  /// closing quote): `$${` is the text `$${`, and `\${` the text `${`. At the end of the input
  /// the string is left open and `eof` ends the stream; the parser reports the missing `"`.
  func lexString() -> Bool {
    if pos >= end { return finish() }
    let c = src[pos]
    if c == UInt8(ascii: "\"") {
      emit(.stringClose, pos, pos + 1)
      pos += 1
      popMode()
      return true
    }
    if c == UInt8(ascii: "$"), byte(pos + 1) == UInt8(ascii: "{") {
      emit(.interpolationOpen, pos, pos + 2)
      pos += 2
      pushMode(.normal)
      return true
    }
    var q = pos
    var escaped = false
    scan: while q < end {
      switch src[q] {
      case UInt8(ascii: "\""):
        break scan
      case UInt8(ascii: "\\"):
        if q + 1 >= end { break scan }
        escaped = true
        q += 2
      case UInt8(ascii: "$"):
        if q + 1 >= end { break scan }
        let n = src[q + 1]
        if n == UInt8(ascii: "{") { break scan }
        if n == UInt8(ascii: "\"") {
          q += 1
          break scan
        }
        if n == UInt8(ascii: "\\") {
          if q + 2 >= end { break scan }
          escaped = true
          q += 3
        } else {
          if n == 0x0D || n == 0 { escaped = true }
          q += 2
        }
      case 0x0D, 0:
        escaped = true
        q += 1
      default:
        q += 1
      }
    }
    if q == pos { return finish() }  // a lone `\` or `$` at the end of the input
    emit(.stringText, pos, q, flags: escaped ? Token.needsUnescaping : 0)
    pos = q
    return true
  }

  /// Lexes inside `''…''`: raw text, escapes, `${`, or the closing `''`.
  func lexIndentedString() -> Bool {
    if pos >= end { return finish() }
    let c = src[pos]
    let n = byte(pos + 1)
    if c == UInt8(ascii: "'"), n == UInt8(ascii: "'") {
      let third = byte(pos + 2)
      if pos + 2 < end, third == UInt8(ascii: "'") || third == UInt8(ascii: "$") {
        emit(.indStringEscape, pos, pos + 3)
        pos += 3
      } else if pos + 3 < end, third == UInt8(ascii: "\\") {
        // `''\` followed by one character (a whole UTF-8 sequence).
        var q = pos + 4
        while q < end, src[q] & 0xC0 == 0x80, src[pos + 3] >= 0xC0 { q += 1 }
        emit(.indStringEscape, pos, q)
        pos = q
      } else {
        emit(.indStringClose, pos, pos + 2)
        pos += 2
        popMode()
      }
      return true
    }
    if c == UInt8(ascii: "$"), n == UInt8(ascii: "{") {
      emit(.interpolationOpen, pos, pos + 2)
      pos += 2
      pushMode(.normal)
      return true
    }
    var q = pos
    while q < end {
      let b = src[q]
      if b == UInt8(ascii: "$") {
        guard q + 1 < end, src[q + 1] != UInt8(ascii: "{"), src[q + 1] != UInt8(ascii: "'") else { break }
        q += 2
      } else if b == UInt8(ascii: "'") {
        guard q + 1 < end, src[q + 1] != UInt8(ascii: "'"), src[q + 1] != UInt8(ascii: "$") else { break }
        q += 2
      } else {
        q += 1
      }
    }
    if q > pos {
      emit(.indStringText, pos, q)
      pos = q
    } else {
      // A lone `$` or `'` that could not join the text around it.
      emit(.indStringEscape, pos, pos + 1)
      pos += 1
    }
    return true
  }
}
