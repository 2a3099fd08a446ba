/// Path arithmetic on strings, as Nix does it for path literals (no file system access).
public enum PathNames {
  /// `path` made absolute against `base`, then canonical: no `.`, `..`, repeated or trailing `/`.
  public static func absolute(_ path: String, base: String) -> String {
    canonical(path.hasPrefix("/") ? path : base + "/" + path)
  }

  /// Removes `.` and empty components, resolves `..` lexically; `/` stays `/`.
  public static func canonical(_ path: String) -> String {
    var parts: [Substring] = []
    for component in path.split(separator: "/", omittingEmptySubsequences: true) {
      if component == "." { continue }
      if component == ".." {
        if !parts.isEmpty { parts.removeLast() }
        continue
      }
      parts.append(component)
    }
    return "/" + parts.joined(separator: "/")
  }
}
