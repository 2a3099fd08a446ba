extension ClanDiff {
  /// One instance on one side: its module and the members of each role.
  struct InstanceSide {
    var module: ModuleRef
    var roles: [ResolvedRole]
  }

  static func compareInstances(_ old: [ResolvedInstance], _ new: [ResolvedInstance], only: Set<String>?) -> [InstanceDiff] {
    func sides(_ list: [ResolvedInstance]) -> [(String, InstanceSide)] {
      list.map { ($0.name, InstanceSide(module: ModuleRef(name: $0.moduleName, input: $0.moduleInput), roles: $0.roles)) }
    }
    return compareSides(sides(old), sides(new), only: only)
  }

  static func compareServices(
    _ old: [(module: String, instances: [ResolvedLegacyInstance])], _ new: [(module: String, instances: [ResolvedLegacyInstance])],
    only: Set<String>?
  ) -> [InstanceDiff] {
    func sides(_ list: [(module: String, instances: [ResolvedLegacyInstance])]) -> [(String, InstanceSide)] {
      list.flatMap { s in
        s.instances.map { ("\(s.module)\u{0}\($0.name)", InstanceSide(module: ModuleRef(name: s.module, input: nil), roles: $0.roles)) }
      }
    }
    // Keyed by module and instance; the key's instance part names the diff.
    return compareSides(sides(old), sides(new), only: only).map { d in
      var d = d
      d.name = String(d.name.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false).last ?? "")
      return d
    }
  }

  /// Instances matched by key: added, removed, or with a changed module or members. With
  /// `only`, members are narrowed to those machines, and an instance none of them is in is
  /// left out.
  static func compareSides(_ old: [(String, InstanceSide)], _ new: [(String, InstanceSide)], only: Set<String>?) -> [InstanceDiff] {
    func narrowed(_ s: InstanceSide) -> InstanceSide {
      guard let only else { return s }
      var s = s
      for i in s.roles.indices { s.roles[i].members = s.roles[i].members.filter(only.contains) }
      return s
    }
    func hasMembers(_ s: InstanceSide?) -> Bool { s?.roles.contains { !$0.members.isEmpty } ?? false }
    var byKey: [ByteName: (old: InstanceSide?, new: InstanceSide?)] = [:]
    var keys: [String] = []
    for (k, s) in old {
      if byKey[ByteName(k)] == nil { keys.append(k) }
      byKey[ByteName(k), default: (nil, nil)].old = narrowed(s)
    }
    for (k, s) in new {
      if byKey[ByteName(k)] == nil { keys.append(k) }
      byKey[ByteName(k), default: (nil, nil)].new = narrowed(s)
    }
    var out: [InstanceDiff] = []
    for key in keys.sorted(by: bytewise) {
      let (a, b) = byKey[ByteName(key)]!
      if only != nil, !hasMembers(a), !hasMembers(b) { continue }
      let status: DiffStatus = a == nil ? .added : b == nil ? .removed : .changed
      var d = InstanceDiff(name: key, status: status, module: (b ?? a)!.module)
      if let a, let b, a.module != b.module { d.oldModule = a.module }
      d.roles = memberChanges(a?.roles ?? [], b?.roles ?? [])
      if status == .changed, d.oldModule == nil, d.roles.isEmpty { continue }
      out.append(d)
    }
    return out
  }

  /// Members added to and removed from each role, by role name.
  static func memberChanges(_ old: [ResolvedRole], _ new: [ResolvedRole]) -> [MembersChange] {
    var byRole: [ByteName: (old: [String], new: [String])] = [:]
    var names: [String] = []
    for r in old {
      if byRole[ByteName(r.name)] == nil { names.append(r.name) }
      byRole[ByteName(r.name), default: ([], [])].old += r.members
    }
    for r in new {
      if byRole[ByteName(r.name)] == nil { names.append(r.name) }
      byRole[ByteName(r.name), default: ([], [])].new += r.members
    }
    var out: [MembersChange] = []
    for name in names.sorted(by: bytewise) {
      let (a, b) = byRole[ByteName(name)]!
      let (removed, added) = setChanges(a, b)
      if !removed.isEmpty || !added.isEmpty { out.append(MembersChange(role: name, added: added, removed: removed)) }
    }
    return out
  }
}
