/// Nix's version strings: splitting into components and comparing them, as
/// `builtins.splitVersion`, `builtins.compareVersions` and `builtins.parseDrvName` do.
package enum Versions {
  @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

  /// The next component from `p`, skipping separators (`.` and `-`): a run of digits or a run
  /// of other non-separator bytes; empty at the end.
  static func nextComponent(_ s: [UInt8], _ p: inout Int) -> ArraySlice<UInt8> {
    while p < s.count && (s[p] == UInt8(ascii: ".") || s[p] == UInt8(ascii: "-")) { p += 1 }
    let start = p
    if p < s.count && isDigit(s[p]) {
      while p < s.count && isDigit(s[p]) { p += 1 }
    } else {
      while p < s.count && !isDigit(s[p]) && s[p] != UInt8(ascii: ".") && s[p] != UInt8(ascii: "-") { p += 1 }
    }
    return s[start..<p]
  }

  /// The components of `s`.
  package static func split(_ s: [UInt8]) -> [ArraySlice<UInt8>] {
    var p = 0
    var result: [ArraySlice<UInt8>] = []
    while p < s.count {
      let c = nextComponent(s, &p)
      if c.isEmpty { break }
      result.append(c)
    }
    return result
  }

  /// A component as a number, when it is all digits and fits a C `int` (Nix's `string2Int<int>`).
  private static func number(_ c: ArraySlice<UInt8>) -> Int64? {
    if c.isEmpty { return nil }
    var n: Int64 = 0
    for b in c {
      guard isDigit(b) else { return nil }
      n = n * 10 + Int64(b - 0x30)
      if n > Int64(Int32.max) { return nil }
    }
    return n
  }

  /// Whether component `c1` sorts before `c2`: numbers numerically, an empty component before a
  /// number, `pre` before anything else, words before numbers, words bytewise.
  static func componentLess(_ c1: ArraySlice<UInt8>, _ c2: ArraySlice<UInt8>) -> Bool {
    let n1 = number(c1)
    let n2 = number(c2)
    let pre = Array("pre".utf8)
    if let n1, let n2 { return n1 < n2 }
    if c1.isEmpty && n2 != nil { return true }
    if c1.elementsEqual(pre) && !c2.elementsEqual(pre) { return true }
    if c2.elementsEqual(pre) { return false }
    if n2 != nil { return true }
    if n1 != nil { return false }
    return c1.lexicographicallyPrecedes(c2)
  }

  /// -1, 0 or 1 as `v1` is older than, equal to or newer than `v2`.
  package static func compare(_ v1: [UInt8], _ v2: [UInt8]) -> Int {
    var p1 = 0
    var p2 = 0
    while p1 < v1.count || p2 < v2.count {
      let c1 = nextComponent(v1, &p1)
      let c2 = nextComponent(v2, &p2)
      if componentLess(c1, c2) { return -1 }
      if componentLess(c2, c1) { return 1 }
    }
    return 0
  }

  /// A derivation name split at the first `-` followed by a non-letter.
  package static func parseDrvName(_ s: [UInt8]) -> (name: ArraySlice<UInt8>, version: ArraySlice<UInt8>) {
    var i = 0
    while i + 1 < s.count {
      let next = s[i + 1] | 0x20
      if s[i] == UInt8(ascii: "-") && !(next >= 0x61 && next <= 0x7A) {
        return (s[..<i], s[(i + 1)...])
      }
      i += 1
    }
    return (s[...], [])
  }
}
