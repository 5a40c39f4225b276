using Correlator.Service.Cli;

return await CommandLine.RunAsync(args).ConfigureAwait(false);
