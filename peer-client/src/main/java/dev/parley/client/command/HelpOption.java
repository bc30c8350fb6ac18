package dev.parley.client.command;

import picocli.CommandLine.Option;

/** {@code -h/--help} on every slash command, so "/search --help" works like "/help search". */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;
}
