// The agent arrives with its own issue; until then it only declares its RBAC (see AgentPermissions).
Console.Error.WriteLine("drainsafe-agent: not implemented yet (see the agent issue).");
return 2;
