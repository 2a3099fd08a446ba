extension ModuleCatalogue {
  /// clan-core's clan.service module named `name`: by its registry name (`zerotier`, what
  /// `module.name` gives) or else by its manifest name (`clan-core/zerotier`, what clan's
  /// messages print).
  public func service(named name: String) -> ServiceModule? {
    if let m = services[name] { return m }
    return services.values.sorted { bytewise($0.name, $1.name) }.first { $0.manifestName == name }
  }

  /// The registry name of clan-core's clan.service module closest to `name` (a registry or a
  /// manifest name), when one is close enough to be a likely typo.
  public func suggestedService(for name: String) -> String? {
    let modules = services.values.sorted { bytewise($0.name, $1.name) }
    if let guess = closest(to: name, in: modules.map(\.name)) { return guess }
    guard let manifest = closest(to: name, in: modules.map(\.manifestName)) else { return nil }
    return modules.first { $0.manifestName == manifest }?.name
  }
}

extension ServiceModule {
  /// The role name closest to `name`, when one is close enough to be a likely typo.
  public func suggestedRole(for name: String) -> String? { closest(to: name, in: roleNames) }
}
