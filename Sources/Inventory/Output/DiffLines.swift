/// One change as a line of text, shared by the human and markdown renderings of a ``ClanDiff``:
/// `+ subject: new`, `- subject: old` or `~ subject: old → new`.
struct DiffLine {
  enum Sign { case added, removed, changed }
  var sign: Sign
  var subject: String
  var old: String? = nil
  var new: String? = nil

  static func added(_ subject: String, _ value: String? = nil) -> DiffLine { DiffLine(sign: .added, subject: subject, new: value) }
  static func removed(_ subject: String, _ value: String? = nil) -> DiffLine { DiffLine(sign: .removed, subject: subject, old: value) }

  /// A value that is absent on one side is added or removed; else changed.
  static func value(_ subject: String, _ old: Plain?, _ new: Plain?) -> DiffLine {
    switch (old, new) {
    case (nil, let n?): .added(subject, DiffText.value(n))
    case (let o?, nil): .removed(subject, DiffText.value(o))
    default: DiffLine(sign: .changed, subject: subject, old: old.map(DiffText.value), new: new.map(DiffText.value))
    }
  }

  /// The lines of a machine's changes: fields, tags, roles, modules, settings, legacy
  /// services and config, imports.
  static func lines(_ m: MachineDiff) -> [DiffLine] {
    var out: [DiffLine] = []
    out += m.fields.map { value(DiffText.path($0.path), $0.old, $0.new) }
    out += m.tagsAdded.map { .added("tag \($0)") }
    out += m.tagsRemoved.map { .removed("tag \($0)") }
    func role(_ r: InstanceRoleRef) -> String { "role \(DiffText.path([r.instance, r.role])) (\(DiffText.module(r.module)))" }
    out += m.rolesGained.map { .added(role($0)) }
    out += m.rolesLost.map { .removed(role($0)) }
    out += m.modules.map {
      DiffLine(sign: .changed, subject: "module of \(DiffText.path([$0.instance]))", old: DiffText.module($0.old), new: DiffText.module($0.new))
    }
    out += m.settings.map { value("setting \(DiffText.path([$0.instance, $0.role] + $0.path))", $0.old, $0.new) }
    func service(_ r: ServiceRoleRef) -> String { "service role \(DiffText.path([r.module, r.instance, r.role]))" }
    out += m.servicesGained.map { .added(service($0)) }
    out += m.servicesLost.map { .removed(service($0)) }
    out += m.config.map { value("config \(DiffText.path($0.path))", $0.old, $0.new) }
    out += m.importsAdded.map { .added("import \($0)") }
    out += m.importsRemoved.map { .removed("import \($0)") }
    return out
  }

  /// The lines of an instance's changes: its module, then members by role.
  static func lines(_ i: InstanceDiff) -> [DiffLine] {
    var out: [DiffLine] = []
    if let old = i.oldModule { out.append(DiffLine(sign: .changed, subject: "module", old: DiffText.module(old), new: DiffText.module(i.module))) }
    for r in i.roles {
      if !r.added.isEmpty { out.append(.added("\(r.role): \(r.added.joined(separator: ", "))")) }
      if !r.removed.isEmpty { out.append(.removed("\(r.role): \(r.removed.joined(separator: ", "))")) }
    }
    return out
  }
}

/// How names, paths, values and modules are written in the human and markdown renderings.
enum DiffText {
  /// A path as Nix writes an attribute path: `a.b."c.d"`.
  static func path(_ components: [String]) -> String {
    components.map { isPlainIdentifier($0) ? $0 : quoted($0) }.joined(separator: ".")
  }

  /// A value as one line of JSON.
  static func value(_ v: Plain) -> String {
    var out: [UInt8] = []
    write(v, &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// A module: its name, and its input unless it comes from clan-core.
  static func module(_ m: ModuleRef) -> String { m.input.map { "\(m.name) from input \($0)" } ?? m.name }

  /// The header of an instance's changes.
  static func instance(_ i: InstanceDiff, legacy: Bool) -> String {
    let status = i.status == .changed ? "" : ", \(i.status.rawValue)"
    return legacy ? "service \(path([i.module.name, i.name]))\(status)" : "instance \(path([i.name])) (\(module(i.module)))\(status)"
  }

  /// `1 machine`, `2 machines`.
  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  /// The summary line: machines changed (added, removed) and instances changed.
  static func summary(_ diff: ClanDiff) -> String {
    let added = diff.machines.filter { $0.status == .added }.count
    let removed = diff.machines.filter { $0.status == .removed }.count
    var parts: [String] = []
    if added > 0 { parts.append("\(added) added") }
    if removed > 0 { parts.append("\(removed) removed") }
    var text = "\(count(diff.machines.count, "machine")) changed"
    if !parts.isEmpty { text += " (\(parts.joined(separator: ", ")))" }
    let instances = diff.instances.count + diff.services.count
    if instances > 0 { text += ", \(count(instances, "instance")) changed" }
    return text
  }

  private static func quoted(_ s: String) -> String {
    var out: [UInt8] = []
    JSONRenderer.writeString(s, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  private static func write(_ v: Plain, _ out: inout [UInt8]) {
    switch v {
    case .object(let o):
      out.append(UInt8(ascii: "{"))
      for (n, (k, x)) in o.entries.enumerated() {
        if n > 0 { out.append(UInt8(ascii: ",")) }
        JSONRenderer.writeString(k, into: &out)
        out.append(UInt8(ascii: ":"))
        write(x, &out)
      }
      out.append(UInt8(ascii: "}"))
    case .list(let items):
      out.append(UInt8(ascii: "["))
      for (n, x) in items.enumerated() {
        if n > 0 { out.append(UInt8(ascii: ",")) }
        write(x, &out)
      }
      out.append(UInt8(ascii: "]"))
    default:
      JSONRenderer.write(v, indent: 0, into: &out)
    }
  }
}
