from eventing_platform.rules.pack import policy_pack
policy_pack()
