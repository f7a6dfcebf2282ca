using Inertia.Cli;

return await CommandLine.Build().Parse(args).InvokeAsync();
