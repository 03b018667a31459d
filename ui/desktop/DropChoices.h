#pragma once

#include "model/JobSpec.h"

#include <QString>
#include <QStringList>
#include <functional>
#include <vector>

namespace jobdeck {

class HandlerRegistry;
class JobDefinitions;

// What a dropped file can become: one job per file, of a kind that suits it. The chooser lists these; more can be
// added (the jobs folder's triggered definitions, for example) without touching the dialog.
struct DropChoice {
    QString id;           // stable, remembered per file type
    QString title;
    QString description;
    QStringList suffixes; // lower case, without the dot; empty: any file
    bool executables = false; // also suits files with the execute permission
    std::function<JobSpec(const QString &path)> makeSpec;

    bool suits(const QString &path) const;
};

// The choices this runner can carry out: those whose kind is registered.
class DropChoices {
public:
    explicit DropChoices(const HandlerRegistry &handlers);

    void add(DropChoice choice);
    // Replaces the choices of job definitions by one per triggered definition of `definitions` that can run. Each
    // file becomes a job of it (as `jobdeck run NAME` makes it) whose payload is {"path": "/the/file"}.
    void setDefinitions(const JobDefinitions &definitions);
    static bool isDefinition(const DropChoice &choice);
    const std::vector<DropChoice> &all() const { return m_choices; }
    const DropChoice *find(const QString &id) const;

private:
    std::vector<DropChoice> m_choices;
};

} // namespace jobdeck
