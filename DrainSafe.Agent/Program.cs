// The agent itself comes with the agent issue; today this assembly only declares its RBAC (AgentPermissions).
Console.Error.WriteLine("drainsafe-agent: the node agent is not in this build yet (it comes with the agent issue).");
return 2;
