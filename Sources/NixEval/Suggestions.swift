import NixParser

/// "Did you mean …?" lines, chosen as Nix chooses them: every candidate within two edits of
/// the name written (Levenshtein distance over bytes), nearest first and then in byte order, at
/// most five.
enum Suggestions {
  /// The most edits a suggestion may be away.
  static let maxDistance = 2
  /// The most suggestions shown.
  static let limit = 5

  /// The detail line for `wanted` among `candidates` (`       Did you mean x?` or
  /// `       Did you mean one of x, y or z?`, with a newline), or nil when none is close.
  static func detail(for wanted: Symbol, among candidates: [Symbol], _ symbols: SymbolTable) -> String? {
    let chosen = best(for: wanted, among: candidates, symbols).map { symbols[$0] }
    guard let last = chosen.last else { return nil }
    if chosen.count == 1 { return "       Did you mean \(last)?\n" }
    return "       Did you mean one of \(chosen.dropLast().joined(separator: ", ")) or \(last)?\n"
  }

  /// The suggestions for `wanted`, in the order shown (names compared as bytes, as Nix does).
  static func best(for wanted: Symbol, among candidates: [Symbol], _ symbols: SymbolTable) -> [Symbol] {
    let target = Array(symbols.bytes(of: wanted))
    var close: [(distance: Int, bytes: [UInt8], symbol: Symbol)] = []
    for candidate in Set(candidates) {
      let bytes = Array(symbols.bytes(of: candidate))
      guard let d = EditDistance.between(target, bytes, limit: maxDistance) else { continue }
      close.append((d, bytes, candidate))
    }
    close.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.bytes.lexicographicallyPrecedes($1.bytes) }
    return close.prefix(limit).map(\.symbol)
  }
}
