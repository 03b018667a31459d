#pragma once

#include "desktop/DropChoices.h"
#include "desktop/DropDialog.h"
#include "desktop/DroppedFiles.h"

#include <QObject>
#include <QPointer>
#include <QUrl>
#include <memory>

class QWidget;

namespace jobdeck {

class Engine;
class JobDefinitions;

// Files and folders dropped on the window become jobs: folders are expanded off the main thread, the user picks
// a kind in the DropDialog (or a choice remembered for the file type is used), and all the jobs are enqueued in one
// transaction through the engine. Missing or unreadable files are reported, never dropped silently. While files
// are dragged over the window a drop zone covers it. Main thread only.
class DropController final : public QObject {
    Q_OBJECT
public:
    DropController(QWidget &window, Engine &engine, QObject *parent = nullptr);
    ~DropController() override;

    DropChoices &choices() { return m_choices; }
    // Offers the triggered definitions of `definitions` too, following their changes.
    void setDefinitions(const JobDefinitions *definitions);
    // What a drop of `urls` does (the window's drop event calls this).
    void drop(const QList<QUrl> &urls);
    // The chooser while it is open, else null.
    DropDialog *dialog() const { return m_dialog.data(); }
    bool isExpanding() const { return m_expanding; }

Q_SIGNALS:
    void message(const QString &text, bool problem);
    // Jobs were written (or writing failed: `created` is 0).
    void enqueued(int created);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void expanded(const DroppedFiles &files);
    void enqueue(const DroppedFiles &files, const DropChoice &choice);
    void showOverlay(bool shown);
    void definitionsChanged();

    QWidget &m_window;
    Engine &m_engine;
    DropChoices m_choices;
    const JobDefinitions *m_definitions = nullptr;
    QPointer<DropDialog> m_dialog;
    QWidget *m_overlay = nullptr;
    bool m_expanding = false;
};

} // namespace jobdeck
