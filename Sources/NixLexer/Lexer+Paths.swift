// MARK: - Paths

extension Cursor {
  /// The length of `PATH_CHAR* ('/' PATH_CHAR+)+ '/'?` at `p`, or 0.
  func matchPath(_ p: Int) -> Int {
    var q = p
    while isClass(q, ByteClass.pathChar) { q += 1 }
    guard let end = slashGroupsEnd(q) else { return 0 }
    return end - p
  }

  /// The end of `('/' PATH_CHAR+)+ '/'?` starting at `q`, or nil when not even one group is there.
  func slashGroupsEnd(_ start: Int) -> Int? {
    var q = start
    var groups = 0
    while byte(q) == UInt8(ascii: "/"), isClass(q + 1, ByteClass.pathChar) {
      q += 2
      while isClass(q, ByteClass.pathChar) { q += 1 }
      groups += 1
    }
    guard groups > 0 else { return nil }
    if byte(q) == UInt8(ascii: "/") { q += 1 }
    return q
  }

  /// The length of `PATH_CHAR* '/'` at `p` (a path segment), or 0.
  func matchPathSegment(_ p: Int) -> Int {
    var q = p
    while isClass(q, ByteClass.pathChar) { q += 1 }
    return byte(q) == UInt8(ascii: "/") ? q + 1 - p : 0
  }

  /// The length of `'~' ('/' PATH_CHAR+)+ '/'?` at `p`, or 0.
  func matchHomePath(_ p: Int) -> Int {
    guard byte(p) == UInt8(ascii: "~"), let end = slashGroupsEnd(p + 1) else { return 0 }
    return end - p
  }

  /// The length of `'<' PATH_CHAR+ ('/' PATH_CHAR+)* '>'` at `p`, or 0.
  func matchSearchPath(_ p: Int) -> Int {
    guard byte(p) == UInt8(ascii: "<"), isClass(p + 1, ByteClass.pathChar) else { return 0 }
    var q = p + 1
    while isClass(q, ByteClass.pathChar) { q += 1 }
    while byte(q) == UInt8(ascii: "/"), isClass(q + 1, ByteClass.pathChar) {
      q += 2
      while isClass(q, ByteClass.pathChar) { q += 1 }
    }
    return byte(q) == UInt8(ascii: ">") ? q + 1 - p : 0
  }

  /// Lexes what follows a path token: an interpolation, more path text, or the path's end.
  func lexPath() -> Bool {
    let afterSlash = mode == .pathAfterSlash
    if byte(pos) == UInt8(ascii: "$"), byte(pos + 1) == UInt8(ascii: "{") {
      mode = .path
      pushMode(.normal)
      emit(.interpolationOpen, pos, pos + 2)
      pos += 2
      return true
    }
    if pos < end, isClass(pos, ByteClass.pathChar) || src[pos] == UInt8(ascii: "/") {
      var run = pos
      while isClass(run, ByteClass.pathChar) { run += 1 }
      let length = max(matchPath(pos), matchPathSegment(pos), run - pos)
      emit(.pathText, pos, pos + length)
      pos += length
      mode = src[pos - 1] == UInt8(ascii: "/") ? .pathAfterSlash : .path
      return true
    }
    if afterSlash {
      report("E0004", "path has a trailing slash", pos, pos)
    }
    popMode()
    emit(.pathEnd, pos, pos)
    return true
  }
}
