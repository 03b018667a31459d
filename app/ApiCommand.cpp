#include "ApiCommand.h"

#include "CommandLine.h"
#include "api/ApiToken.h"
#include "storage/JobStore.h"

namespace jobdeck {

int runApi(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The HTTP API's token (served by jobdeck --http)."));
    parser.addPositionalArgument(QStringLiteral("api"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("token"), QStringLiteral("Print the bearer token."));
    CommandLine::addGlobalOptions(parser);
    GlobalOptions globals;
    if (!CommandLine::parse(parser, arguments, 2) || !CommandLine::readGlobals(parser, globals))
        return ExitBadInput;
    if (parser.positionalArguments().value(1) != QLatin1String("token"))
        return fail(ExitBadInput, QStringLiteral("usage: jobdeck api token"));
    auto store = CommandLine::openStore(globals);
    if (!store)
        return ExitFailed;
    QString error;
    const auto token = ApiToken::load(store->location(), true, &error);
    if (!token)
        return fail(ExitFailed, error);
    out() << token->value() << Qt::endl;
    return ExitOk;
}

} // namespace jobdeck
