-- The history schema as the releases before issue 10 wrote it (genai_desktop/core/history.py at 399684f,
-- MIGRATIONS[2]), kept here unchanged: the tests build old files with it, whatever the code says now.
    CREATE TABLE journal (
        message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        content TEXT NOT NULL
    );
    CREATE INDEX messages_streaming ON messages(id) WHERE state = 'streaming';
    DROP INDEX conversations_by_update;
    CREATE INDEX conversations_by_update ON conversations(updated DESC, id DESC);
    
