/// The `nixinv dump` document (docs/OUTPUT.md): meta, machines, services and instances.
public enum DumpDocument {
  /// The document for `clan`; with `only`, just those machines.
  public static func make(_ clan: ResolvedClan, only: Set<String>? = nil) -> Plain {
    var machines = PlainObject()
    for m in clan.machines where only?.contains(m.machine.name) ?? true {
      machines.append(m.machine.name, machine(m), at: m.machine.span)
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
