import NixEval
import NixLexer
import NixParser

/// Reads modules from disk: a legacy clanModule folder (`roles/*.nix` and the TOML front matter
/// of its `README.md`), or a folder of them (`--modules DIR`, e.g. a clan-core checkout).
enum ModuleReader {
  /// The legacy module in folder `path`, or `nil` when it has no `roles/` folder.
  static func legacyModule(name: String, at path: String, _ ev: Evaluator) -> LegacyModule? {
    guard path.hasPrefix("/"), case .success(let entries) = FileSystem.list(path + "/roles") else { return nil }
    let roles = entries.filter { $0.0.hasSuffix(".nix") && $0.1 != .directory }.map { String($0.0.dropLast(4)) }.sorted()
    var features: [String] = []
    var constraints: [String: RoleConstraint] = [:]
    if case .success(let readme) = FileSystem.read(path + "/README.md") {
      let text = String(decoding: readme, as: UTF8.self)
      let parts = text.components(separatedBy: "---")
      if parts.count >= 3, case .attrs(let front)? = try? ev.force(try ev.fromTOML(Array(parts[1].utf8), at: .unknown)) {
        if let f = front[ev.symbols.intern("features")], case .list(let list)? = try? ev.force(f) {
          features = list.items.compactMap { if case .string(let s)? = try? ev.force($0) { s.text } else { nil } }
        }
        if let c = front[ev.symbols.intern("constraints")], case .attrs(let ca)? = try? ev.force(c),
          let r = ca[ev.symbols.intern("roles")], case .attrs(let ra)? = try? ev.force(r)
        {
          for (k, v) in zip(ra.keys, ra.values) {
            guard case .attrs(let limits)? = try? ev.force(v) else { continue }
            func int(_ n: String) -> Int? {
              guard let x = limits[ev.symbols.intern(n)], case .int(let i)? = try? ev.force(x) else { return nil }
              return Int(i)
            }
            constraints[ev.symbols[k]] = RoleConstraint(min: int("min") ?? 0, max: int("max"))
          }
        }
      }
    }
    return LegacyModule(name: name, roles: roles, features: features, constraints: constraints, location: path)
  }

  /// Adds every legacy module found in `directory` (or in its `clanModules/` folder).
  static func addModules(from directory: String, to catalogue: inout ModuleCatalogue, _ ev: Evaluator) {
    var root = PathUtilities.canonical(directory)
    if FileSystem.targetKind(root + "/clanModules") == .directory { root += "/clanModules" }
    guard case .success(let entries) = FileSystem.list(root) else { return }
    for (name, _) in entries.sorted(by: { $0.0 < $1.0 }) where FileSystem.targetKind(root + "/" + name) == .directory {
      if let module = legacyModule(name: name, at: root + "/" + name, ev) { catalogue.legacy[name] = module }
    }
  }
}

extension String {
  /// The parts between occurrences of `separator`.
  func components(separatedBy separator: String) -> [String] {
    var parts: [String] = []
    var rest = Substring(self)
    while let r = rest.range(of: separator) {
      parts.append(String(rest[..<r.lowerBound]))
      rest = rest[r.upperBound...]
    }
    parts.append(String(rest))
    return parts
  }
}

extension Substring {
  /// The first range of `needle`.
  func range(of needle: String) -> Range<Index>? {
    let n = Array(needle.utf8)
    guard !n.isEmpty else { return nil }
    var i = startIndex
    while i < endIndex {
      if self[i...].utf8.starts(with: n) {
        return i..<self.utf8.index(i, offsetBy: n.count)
      }
      i = index(after: i)
    }
    return nil
  }
}
