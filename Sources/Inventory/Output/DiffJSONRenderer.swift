/// A ``ClanDiff`` as JSON (`nixinv diff --format json`, version 1): keys sorted, every member
/// always present (empty when nothing changed), `old`/`new` left out where a path is absent.
///
/// ```
/// { "version": 1, "changed": BOOL,
///   "machines": { NAME: { "status": "added"|"removed"|"changed",
///       "fields": [CHANGE], "tags": {"added": [..], "removed": [..]},
///       "roles": {"gained": [ROLE], "lost": [ROLE]}, "modules": [{"instance", "old": MODULE, "new": MODULE}],
///       "settings": [{"instance", "role", "path", "old", "new"}],
///       "services": {"gained": [{"module", "instance", "role"}], "lost": [..]},
///       "config": [CHANGE], "imports": {"added": [..], "removed": [..]} } },
///   "instances": { NAME: INSTANCE }, "services": { MODULE: { NAME: INSTANCE } },
///   "errors": {"old": [{"code", "message"}], "new": [..]} }
/// CHANGE = {"path": [..], "old": VALUE, "new": VALUE}; ROLE = {"instance", "role", "module": MODULE}
/// MODULE = {"name", "input"}; INSTANCE = {"status", "module": MODULE, "oldModule": MODULE|null,
///   "roles": { ROLE: {"added": [..], "removed": [..]} }}
/// ```
public enum DiffJSONRenderer {
  /// The document; `errors` are each side's resolution errors (the diff was still made).
  public static func render(_ diff: ClanDiff, errors: (old: [InventoryError], new: [InventoryError]) = ([], [])) -> [UInt8] {
    var w = JSONStream()
    w.beginObject()
    w.key("changed")
    w.value(.bool(!diff.isEmpty))
    w.key("errors")
    w.beginObject()
    for (side, list) in [("new", errors.new), ("old", errors.old)] {
      w.key(side)
      w.beginArray()
      for e in list { w.value(.object([("code", .string(e.code.rawValue)), ("message", .string(e.message))])) }
      w.endArray()
    }
    w.endObject()
    w.key("instances")
    w.beginObject()
    for i in diff.instances {
      w.key(i.name)
      instance(i, module: true, &w)
    }
    w.endObject()
    w.key("machines")
    w.beginObject()
    for m in diff.machines {
      w.key(m.name)
      machine(m, &w)
    }
    w.endObject()
    w.key("services")
    w.beginObject()
    var i = 0
    while i < diff.services.count {
      let module = diff.services[i].module.name
      w.key(module)
      w.beginObject()
      while i < diff.services.count, diff.services[i].module.name == module {
        w.key(diff.services[i].name)
        instance(diff.services[i], module: false, &w)
        i += 1
      }
      w.endObject()
    }
    w.endObject()
    w.key("version")
    w.value(.int(1))
    w.endObject()
    return w.finish()
  }

  static func module(_ m: ModuleRef) -> Plain { .object([("input", m.input.map(Plain.string) ?? .null), ("name", .string(m.name))]) }

  static func change(_ path: [String], _ old: Plain?, _ new: Plain?, _ extra: [(String, Plain)] = []) -> Plain {
    var pairs = extra + [("path", Plain.strings(path))]
    if let old { pairs.append(("old", old)) }
    if let new { pairs.append(("new", new)) }
    return .object(pairs)
  }

  static func pair(_ first: String, _ a: [Plain], _ second: String, _ b: [Plain]) -> Plain {
    .object([(first, .list(a)), (second, .list(b))])
  }

  static func machine(_ m: MachineDiff, _ w: inout JSONStream) {
    func role(_ r: InstanceRoleRef) -> Plain { .object([("instance", .string(r.instance)), ("module", module(r.module)), ("role", .string(r.role))]) }
    func service(_ r: ServiceRoleRef) -> Plain { .object([("instance", .string(r.instance)), ("module", .string(r.module)), ("role", .string(r.role))]) }
    let value: Plain = .object([
      ("config", .list(m.config.map { change($0.path, $0.old, $0.new) })),
      ("fields", .list(m.fields.map { change($0.path, $0.old, $0.new) })),
      ("imports", pair("added", m.importsAdded.map(Plain.string), "removed", m.importsRemoved.map(Plain.string))),
      ("modules", .list(m.modules.map { .object([("instance", .string($0.instance)), ("new", module($0.new)), ("old", module($0.old))]) })),
      ("roles", pair("gained", m.rolesGained.map(role), "lost", m.rolesLost.map(role))),
      ("services", pair("gained", m.servicesGained.map(service), "lost", m.servicesLost.map(service))),
      ("settings", .list(m.settings.map { change($0.path, $0.old, $0.new, [("instance", .string($0.instance)), ("role", .string($0.role))]) })),
      ("status", .string(m.status.rawValue)),
      ("tags", pair("added", m.tagsAdded.map(Plain.string), "removed", m.tagsRemoved.map(Plain.string))),
    ])
    w.value(value)
  }

  static func instance(_ i: InstanceDiff, module withModule: Bool, _ w: inout JSONStream) {
    var pairs: [(String, Plain)] = [
      ("roles", .object(i.roles.map { ($0.role, pair("added", $0.added.map(Plain.string), "removed", $0.removed.map(Plain.string))) })),
      ("status", .string(i.status.rawValue)),
    ]
    if withModule {
      pairs.append(("module", module(i.module)))
      pairs.append(("oldModule", i.oldModule.map(module) ?? .null))
    }
    w.value(.object(pairs))
  }
}
