/// The `nixinv dump` document (docs/OUTPUT.md): meta, machines, services and instances.
public enum DumpDocument {
  /// The document for `clan`; with `only`, just those machines.
  public static func make(_ clan: ResolvedClan, only: Set<String>? = nil) -> Plain {
    var machines = PlainObject()
    for m in clan.machines where only?.contains(m.machine.id) ?? true {
      machines.append(m.machine.id, machine(m), at: m.machine.span)
    }
    var services = PlainObject()
    for (module, instances) in clan.services {
      var byInstance = PlainObject()
      for i in instances {
        byInstance.append(i.name, .object([("roles", roles(i.roles))]), at: .unknown)
      }
      services.append(module, .object(byInstance), at: .unknown)
    }
    var instances = PlainObject()
    for i in clan.instances {
      instances.append(i.name, .object([("module", module(i.moduleName, i.moduleInput)), ("roles", roles(i.roles))]), at: .unknown)
    }
    return .object([
      ("meta", .object([
        ("name", clan.meta.name.map(Plain.string) ?? .null),
        ("description", clan.meta.description.map(Plain.string) ?? .null),
        ("icon", clan.meta.icon.map(Plain.string) ?? .null),
      ])),
      ("machines", .object(machines)),
      ("services", .object(services)),
      ("instances", .object(instances)),
    ])
  }

  static func module(_ name: String, _ input: String?) -> Plain {
    .object([("name", .string(name)), ("input", input.map(Plain.string) ?? .null)])
  }

  static func roles(_ roles: [ResolvedRole]) -> Plain {
    .object(roles.map { ($0.name, Plain.strings($0.members)) })
  }

  static func machine(_ m: ResolvedMachine) -> Plain {
    var services = PlainObject()
    for (module, instances) in m.services {
      services[module] = .object(instances.map { ($0.name, Plain.object([("roles", Plain.strings($0.roles))])) })
    }
    var instances = PlainObject()
    for i in m.instances {
      instances[i.name] = .object([
        ("module", module(i.moduleName, i.moduleInput)),
        ("roles", .object(i.roles.map { ($0.name, Plain.object([("settings", $0.settings)])) })),
      ])
    }
    return .object([
      ("name", .string(m.machine.name)),
      ("machineClass", .string(m.machine.machineClass)),
      ("tags", .strings(m.tags)),
      ("deploy", .object([
        ("targetHost", m.machine.targetHost.map(Plain.string) ?? .null),
        ("buildHost", m.machine.buildHost.map(Plain.string) ?? .null),
      ])),
      ("description", m.machine.description.map(Plain.string) ?? .null),
      ("icon", m.machine.icon.map(Plain.string) ?? .null),
      ("services", .object(services)),
      ("instances", .object(instances)),
      ("imports", .strings(m.imports)),
      ("config", .object([("clan", .object(m.config))])),
    ])
  }
}

extension DumpDocument {
  /// The document as JSON text, written as it goes (the same text as rendering ``make(_:only:)``).
  public static func json(_ clan: ResolvedClan, only: Set<String>? = nil) -> [UInt8] {
    var w = JSONStream(capacity: 1024 + clan.machines.count * 1024)
    write(clan, only: only, to: &w)
    return w.finish()
  }

  /// Writes the document to `sink` in chunks as it goes (the same text as ``json(_:only:)``).
  public static func write(_ clan: ResolvedClan, only: Set<String>? = nil, to sink: @escaping ([UInt8]) -> Void) {
    var w = JSONStream(flushingTo: sink)
    write(clan, only: only, to: &w)
    sink(w.finish())
  }

  static func write(_ clan: ResolvedClan, only: Set<String>?, to w: inout JSONStream) {
    w.beginObject()
    w.key("instances")
    w.beginObject()
    for i in clan.instances {
      w.key(i.name)
      w.beginObject()
      w.key("module")
      module(i.moduleName, i.moduleInput, &w)
      w.key("roles")
      roles(i.roles, &w)
      w.endObject()
    }
    w.endObject()
    w.key("machines")
    w.beginObject()
    for m in clan.machines where only?.contains(m.machine.id) ?? true {
      w.key(m.machine.id)
      machine(m, &w)
    }
    w.endObject()
    w.key("meta")
    w.beginObject()
    w.key("description")
    w.optionalString(clan.meta.description)
    w.key("icon")
    w.optionalString(clan.meta.icon)
    w.key("name")
    w.optionalString(clan.meta.name)
    w.endObject()
    w.key("services")
    w.beginObject()
    for (module, instances) in clan.services {
      w.key(module)
      w.beginObject()
      for i in instances {
        w.key(i.name)
        w.beginObject()
        w.key("roles")
        roles(i.roles, &w)
        w.endObject()
      }
      w.endObject()
    }
    w.endObject()
    w.endObject()
  }

  static func module(_ name: String, _ input: String?, _ w: inout JSONStream) {
    w.beginObject()
    w.key("input")
    w.optionalString(input)
    w.key("name")
    w.string(name)
    w.endObject()
  }

  static func roles(_ roles: [ResolvedRole], _ w: inout JSONStream) {
    w.beginObject()
    for r in roles {
      w.key(r.name)
      w.strings(r.members)
    }
    w.endObject()
  }

  static func machine(_ m: ResolvedMachine, _ w: inout JSONStream) {
    w.beginObject()
    w.key("config")
    w.beginObject()
    w.key("clan")
    w.value(.object(m.config))
    w.endObject()
    w.key("deploy")
    w.beginObject()
    w.key("buildHost")
    w.optionalString(m.machine.buildHost)
    w.key("targetHost")
    w.optionalString(m.machine.targetHost)
    w.endObject()
    w.key("description")
    w.optionalString(m.machine.description)
    w.key("icon")
    w.optionalString(m.machine.icon)
    w.key("imports")
    w.strings(m.imports)
    w.key("instances")
    w.beginObject()
    for i in m.instances.sorted(by: { bytewise($0.name, $1.name) }) {
      w.key(i.name)
      w.beginObject()
      w.key("module")
      module(i.moduleName, i.moduleInput, &w)
      w.key("roles")
      w.beginObject()
      for r in i.roles.sorted(by: { bytewise($0.name, $1.name) }) {
        w.key(r.name)
        w.beginObject()
        w.key("settings")
        w.value(r.settings)
        w.endObject()
      }
      w.endObject()
      w.endObject()
    }
    w.endObject()
    w.key("machineClass")
    w.string(m.machine.machineClass)
    w.key("name")
    w.string(m.machine.name)
    w.key("services")
    w.beginObject()
    for s in m.services.sorted(by: { bytewise($0.module, $1.module) }) {
      w.key(s.module)
      w.beginObject()
      for i in s.instances.sorted(by: { bytewise($0.name, $1.name) }) {
        w.key(i.name)
        w.beginObject()
        w.key("roles")
        w.strings(i.roles)
        w.endObject()
      }
      w.endObject()
    }
    w.endObject()
    w.key("tags")
    w.strings(m.tags)
    w.endObject()
  }
}
