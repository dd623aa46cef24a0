using System.Runtime.InteropServices;
using DrainSafe.Sandbox.Demo;

// Ctrl+C and SIGTERM end the run (or --keep-running) cleanly instead of killing it mid-write.
using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopping.Cancel();
});

return await SandboxCommand.RunAsync(args, Console.Out, Console.Error, stopping.Token);
