import { describe, expect, it } from 'vitest';
import { adminViewer } from '../../../src/store/index.js';
import type { TargetFactory } from '../harness.js';
import { acceptedId, edifactInput, withStore } from './setup.js';

export function durabilityConformance(make: TargetFactory): void {
  describe('audit trail and schema', () => {
    const env = withStore(make);

    it('refuses to update or delete audit events', async () => {
      const { store, target } = env();
      const id = acceptedId(await store.receive(edifactInput('LINE1', 'AUD1')));
      await expect(target.exec(`UPDATE events SET type = 'forged' WHERE message_id = '${id}'`)).rejects.toThrow(/append-only/);
      await expect(target.exec(`DELETE FROM events WHERE message_id = '${id}'`)).rejects.toThrow(/append-only/);
      if (target.dialect === 'postgres') await expect(target.exec('TRUNCATE events CASCADE')).rejects.toThrow(/append-only/);
      expect((await store.timeline(id, adminViewer))?.map((e) => e.type)).toEqual(['received']);
    });

    it('keeps everything across close and reopen, applying migrations once', async () => {
      const { store, target, clock } = env();
      const id = acceptedId(await store.receive(edifactInput('LINE1', 'RE1')));
      await store.nextValue('unb');
      await store.ping();
      await store.close();
      await store.close();
      await expect(store.ping()).rejects.toThrow(/closed/);
      await expect(store.receive(edifactInput('LINE1', 'RE2'))).rejects.toThrow(/closed/);
      const reopened = await target.open({ clock: clock.read });
      expect((await reopened.getMessage(id, adminViewer))?.status).toBe('received');
      expect((await reopened.receive(edifactInput('LINE1', 'RE1'))).outcome).toBe('duplicate');
      expect(await reopened.nextValue('unb')).toBe(2);
      expect(await target.query('SELECT version FROM schema_migrations')).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    });

    it('upgrades a store made at schema version 1: refs_by_message is dropped, the references stay searchable, purged_at is added', async () => {
      const { store, target, clock } = env();
      const id = acceptedId(await store.receive(edifactInput('LINE1', 'UPG1')));
      await store.completeMessage(id, { status: 'processed', references: [{ kind: 'container', value: 'MSKU1234565' }] });
      await store.close();
      // What version 1 left behind: the index, no purged_at column, and no record of versions 2 and 3.
      await target.exec('CREATE INDEX refs_by_message ON refs (message_id); ALTER TABLE messages DROP COLUMN purged_at; DELETE FROM schema_migrations WHERE version IN (2, 3)');
      const indexes = target.dialect === 'sqlite'
        ? "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'refs_by_message'"
        : "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'refs_by_message'";
      expect(await target.query(indexes)).toHaveLength(1);
      const reopened = await target.open({ clock: clock.read });
      expect(await target.query('SELECT version FROM schema_migrations ORDER BY version')).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
      expect(await target.query(indexes)).toHaveLength(0);
      expect((await reopened.containerTimeline('msku1234565', adminViewer)).messages.map((m) => m.id)).toEqual([id]);
      // Version 3's column is there for rows made before it: the message is unpurged, and can be purged.
      expect((await reopened.getMessage(id, adminViewer))?.purgedAt).toBeNull();
      clock.advance(1);
      expect(await reopened.purgePayloads({ before: new Date(clock.now) })).toMatchObject({ messages: 1 });
    });

    it('lets several processes open a new database at the same moment', async () => {
      const { target, clock } = env();
      const stores = await Promise.all(Array.from({ length: 4 }, () => target.open({ clock: clock.read })));
      const ids = await Promise.all(stores.map(async (s, i) => acceptedId(await s.receive(edifactInput('LINE1', `MIG${i}`)))));
      for (const s of stores) expect((await s.searchMessages({}, adminViewer)).items).toHaveLength(4);
      expect(new Set(ids).size).toBe(4);
      expect(await target.query('SELECT version FROM schema_migrations')).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    });
  });
}
