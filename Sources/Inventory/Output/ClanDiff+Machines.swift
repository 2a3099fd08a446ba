extension ClanDiff {
  /// Compares two resolutions of a clan: each machine's fields, tags, roles, role settings,
  /// imports and legacy config, and the members of each instance. Compare resolutions made
  /// with ``Resolver/fillsDefaults`` set to see settings after their defaults.
  ///
  /// With `only`, just those machines (and only their memberships in the instances).
  public static func compare(old: ResolvedClan, new: ResolvedClan, only: Set<String>? = nil) -> ClanDiff {
    var diff = ClanDiff()
    diff.machines = compareMachines(old.machines, new.machines, only: only)
    diff.instances = compareInstances(old.instances, new.instances, only: only)
    diff.services = compareServices(old.services, new.services, only: only)
    return diff
  }

  static func compareMachines(_ old: [ResolvedMachine], _ new: [ResolvedMachine], only: Set<String>?) -> [MachineDiff] {
    var newIndex: [ByteName: Int] = [:]
    newIndex.reserveCapacity(new.count)
    for (i, m) in new.enumerated() { newIndex[ByteName(m.machine.id)] = i }
    var seen = [Bool](repeating: false, count: new.count)
    var out: [MachineDiff] = []
    for a in old where only?.contains(a.machine.id) ?? true {
      guard let j = newIndex[ByteName(a.machine.id)] else {
        out.append(lone(a, .removed))
        continue
      }
      seen[j] = true
      if same(a, new[j]) { continue }
      let d = compareMachine(a, new[j])
      if !d.isEmpty { out.append(d) }
    }
    for (j, b) in new.enumerated() where !seen[j] && (only?.contains(b.machine.id) ?? true) {
      out.append(lone(b, .added))
    }
    out.sort { bytewise($0.name, $1.name) }
    return out
  }

  /// Whether two machines resolve exactly alike, in the same order (the quick check that
  /// passes over the unchanged machines of a big clan).
  static func same(_ a: ResolvedMachine, _ b: ResolvedMachine) -> Bool {
    let (x, y) = (a.machine, b.machine)
    guard x.name == y.name, x.machineClass == y.machineClass, x.description == y.description, x.icon == y.icon,
      x.targetHost == y.targetHost, x.buildHost == y.buildHost, a.tags == b.tags, a.imports == b.imports, a.config == b.config,
      a.services.count == b.services.count, a.instances.count == b.instances.count
    else { return false }
    for (x, y) in zip(a.services, b.services) {
      guard x.module == y.module, x.instances.count == y.instances.count else { return false }
      for (i, k) in zip(x.instances, y.instances) where i.name != k.name || i.roles != k.roles { return false }
    }
    for (x, y) in zip(a.instances, b.instances) {
      guard x.name == y.name, x.moduleName == y.moduleName, x.moduleInput == y.moduleInput, x.roles.count == y.roles.count
      else { return false }
      for (r, s) in zip(x.roles, y.roles) where r.name != s.name || r.settings != s.settings { return false }
    }
    return true
  }

  /// The machine's own fields, by path, `null` when unset.
  static func fields(_ m: ResolvedMachine) -> [([String], Plain)] {
    func text(_ s: String?) -> Plain { s.map(Plain.string) ?? .null }
    return [
      (["deploy", "buildHost"], text(m.machine.buildHost)),
      (["deploy", "targetHost"], text(m.machine.targetHost)),
      (["description"], text(m.machine.description)),
      (["icon"], text(m.machine.icon)),
      (["machineClass"], .string(m.machine.machineClass)),
      (["name"], .string(m.machine.name)),
    ]
  }

  /// An added or removed machine: the fields it sets, its tags and its roles.
  static func lone(_ m: ResolvedMachine, _ status: DiffStatus) -> MachineDiff {
    var d = MachineDiff(name: m.machine.id, status: status)
    let added = status == .added
    for (path, value) in fields(m) where value != .null && !(path == ["name"] && value == .string(m.machine.id)) {
      d.fields.append(ValueChange(path: path, old: added ? nil : value, new: added ? value : nil))
    }
    let tags = m.tags.sorted(by: bytewise)
    let roles = instanceRoles(m).map(\.ref)
    let services = serviceRoles(m)
    if added {
      (d.tagsAdded, d.rolesGained, d.servicesGained) = (tags, roles, services)
    } else {
      (d.tagsRemoved, d.rolesLost, d.servicesLost) = (tags, roles, services)
    }
    return d
  }

  /// Two versions of one machine, compared.
  static func compareMachine(_ a: ResolvedMachine, _ b: ResolvedMachine) -> MachineDiff {
    var d = MachineDiff(name: a.machine.id, status: .changed)
    for ((path, x), (_, y)) in zip(fields(a), fields(b)) where x != y {
      d.fields.append(ValueChange(path: path, old: x, new: y))
    }
    (d.tagsRemoved, d.tagsAdded) = setChanges(a.tags, b.tags)
    (d.importsRemoved, d.importsAdded) = setChanges(a.imports, b.imports)
    compareInstanceRoles(a, b, &d)
    let (lost, gained) = (serviceRoles(a), serviceRoles(b))
    d.servicesLost = lost.filter { !gained.contains($0) }
    d.servicesGained = gained.filter { !lost.contains($0) }
    d.config = PlainDiff.changes(.object(a.config), .object(b.config))
    return d
  }

  /// Roles gained and lost, module changes, and settings changes (a gained or lost role's
  /// settings count as added or removed).
  static func compareInstanceRoles(_ a: ResolvedMachine, _ b: ResolvedMachine, _ d: inout MachineDiff) {
    let x = instanceRoles(a)
    let y = instanceRoles(b)
    var i = 0
    var j = 0
    while i < x.count || j < y.count {
      if j == y.count || (i < x.count && precedes(x[i].ref, y[j].ref)) {
        d.rolesLost.append(x[i].ref)
        d.settings += settingChanges(x[i].ref, x[i].settings, nil)
        i += 1
      } else if i == x.count || precedes(y[j].ref, x[i].ref) {
        d.rolesGained.append(y[j].ref)
        d.settings += settingChanges(y[j].ref, nil, y[j].settings)
        j += 1
      } else {
        d.settings += settingChanges(x[i].ref, x[i].settings, y[j].settings)
        i += 1
        j += 1
      }
    }
    let oldModules = Dictionary(a.instances.map { ($0.name, ModuleRef(name: $0.moduleName, input: $0.moduleInput)) }, uniquingKeysWith: { f, _ in f })
    for i in b.instances.sorted(by: { bytewise($0.name, $1.name) }) {
      let module = ModuleRef(name: i.moduleName, input: i.moduleInput)
      if let old = oldModules[i.name], old != module { d.modules.append(ModuleChange(instance: i.name, old: old, new: module)) }
    }
  }

  static func settingChanges(_ ref: InstanceRoleRef, _ old: Plain?, _ new: Plain?) -> [SettingChange] {
    PlainDiff.changes(old, new).map { SettingChange(instance: ref.instance, role: ref.role, path: $0.path, old: $0.old, new: $0.new) }
  }

  /// Instance roles are matched by instance and role name (a swapped module keeps the role).
  static func precedes(_ a: InstanceRoleRef, _ b: InstanceRoleRef) -> Bool {
    a.instance != b.instance ? bytewise(a.instance, b.instance) : bytewise(a.role, b.role)
  }

  /// The clan.service roles the machine holds with their settings, by instance then role.
  static func instanceRoles(_ m: ResolvedMachine) -> [(ref: InstanceRoleRef, settings: Plain)] {
    var out: [(ref: InstanceRoleRef, settings: Plain)] = []
    for i in m.instances {
      let module = ModuleRef(name: i.moduleName, input: i.moduleInput)
      for r in i.roles { out.append((InstanceRoleRef(instance: i.name, role: r.name, module: module), r.settings)) }
    }
    out.sort { precedes($0.ref, $1.ref) }
    return out
  }

  /// The legacy service roles the machine holds, by module, instance and role.
  static func serviceRoles(_ m: ResolvedMachine) -> [ServiceRoleRef] {
    var out: [ServiceRoleRef] = []
    for s in m.services {
      for i in s.instances {
        for r in i.roles { out.append(ServiceRoleRef(module: s.module, instance: i.name, role: r)) }
      }
    }
    out.sort { a, b in
      a.module != b.module ? bytewise(a.module, b.module) : a.instance != b.instance ? bytewise(a.instance, b.instance) : bytewise(a.role, b.role)
    }
    return out
  }

  /// What `new` lacks of `old` and what it has more, each sorted bytewise.
  static func setChanges(_ old: [String], _ new: [String]) -> (removed: [String], added: [String]) {
    if old == new { return ([], []) }
    let a = Set(old.map(ByteName.init))
    let b = Set(new.map(ByteName.init))
    let removed = withoutRepeats(old.filter { !b.contains(ByteName($0)) }).sorted(by: bytewise)
    let added = withoutRepeats(new.filter { !a.contains(ByteName($0)) }).sorted(by: bytewise)
    return (removed, added)
  }
}
