import { DEMO_SURVEY } from '../../src/modules/demo/demo-survey';
import { seedDemoTopics } from '../../src/modules/demo/demo-topics';
import { SurveysService } from '../../src/modules/surveys/surveys.service';
import { TopicRetag } from '../../src/modules/topics/topic-retag';
import { eventually } from '../support/eventually';
import { asUser, createUser, signIn, type SignedIn } from '../support/factories';
import {
  answerIdentified,
  type Invited,
  startSurveyTestApp,
  type SurveyTestApp,
  unhappyCase,
} from '../support/survey-fixtures';

jest.setTimeout(120_000);

type As = ReturnType<typeof asUser>;

/**
 * Topics and phrases (issue 16): admins' rules per language tag every comment when it is written
 * and again when the rules change (a job with progress); a preview shows what rules find; the
 * frequent phrases of a period leave stop words out, show nothing said in fewer than three
 * comments and read anonymous comments only when there are ten.
 */
describe('topics of comments', () => {
  let t: SurveyTestApp;
  let admin: As;
  let manager: As;
  let adminSession: SignedIn;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    const a = await createUser(t.app, 'admin');
    adminSession = await signIn(t.http, a.email, a.password);
    admin = asUser(t.http, adminSession);
    const m = await createUser(t.app, 'manager');
    manager = asUser(t.http, await signIn(t.http, m.email, m.password));
  });
  afterAll(() => t?.close());

  const topic = (names: [string, string], en: string[], fi: string[] = []) => ({
    names: { en: names[0], fi: names[1] },
    rules: { en, fi },
  });

  /** An identified answer with `comment`; its id once recorded. */
  async function answered(comment: string, score = 2, locale = 'en'): Promise<string> {
    const invited: Invited = await t.invite({ locale });
    await answerIdentified(t, invited, { score, comment }, locale);
    const { rows } = await t.db.query<{ id: string }>(
      'SELECT id FROM responses WHERE invitation_id = $1',
      [invited.id],
    );
    return rows[0].id;
  }

  /** The names of the topics of answer `id`, once `expected` holds (the tagging is a job). */
  async function topicsOf(id: string, expected: string[]): Promise<void> {
    await eventually(async () => {
      const { rows } = await t.db.query<{ name: string }>(
        `SELECT t.names->>'en' AS name FROM comment_topics ct JOIN topics t ON t.id = ct.topic_id
         WHERE ct.response_id = $1 OR ct.anonymous_response_id = $1 ORDER BY 1`,
        [id],
      );
      expect(rows.map((row) => row.name)).toEqual(expected);
    }, 15_000);
  }

  async function retagDone(): Promise<void> {
    await eventually(async () => {
      const status = await admin.get('/api/v1/topics/retag-status').expect(200);
      expect(status.body).toMatchObject({ status: 'done' });
      expect(status.body.done).toBe(status.body.total);
    }, 20_000);
  }

  describe('rules', () => {
    it.each([
      [
        { names: { en: '', fi: 'Aamiainen' }, rules: { en: ['breakfast'] } },
        'Give the topic a name in English of 1 to 80 characters.',
      ],
      [
        topic(['Breakfast', 'Aamiainen'], []),
        'Give the topic at least one word or phrase to match, in English or in Finnish.',
      ],
      [
        topic(['Breakfast', 'Aamiainen'], ['the']),
        'The English rule “the” has no word to search for',
      ],
      [
        topic(['Breakfast', 'Aamiainen'], ['a*']),
        'In the English rule “a*”, * may only end a single word of at least two letters',
      ],
      [
        topic(['Breakfast', 'Aamiainen'], ['one two three four five six seven']),
        'has more than 6 words',
      ],
      [topic(['Breakfast', 'Aamiainen'], ['  ']), 'A rule in English is empty'],
    ])('refuses %j with a sentence', async (body, sentence) => {
      const response = await admin.post('/api/v1/topics').send(body).expect(400);
      expect(response.body).toMatchObject({ code: 'validation_failed' });
      expect(response.body.message).toContain(sentence);
    });

    it('refuses a second topic of the same name, and is for admins to change, managers to read', async () => {
      const created = await admin
        .post('/api/v1/topics')
        .send(topic(['Parking', 'Pysäköinti'], ['parking', '"car park"'], ['pysäköin*']))
        .expect(201);
      expect(created.body).toMatchObject({
        names: { en: 'Parking', fi: 'Pysäköinti' },
        active: true,
        rules: { en: ['parking', 'car park'], fi: ['pysäköin*'] },
      });
      const again = await admin
        .post('/api/v1/topics')
        .send(topic(['parking', 'Autot'], ['cars']))
        .expect(409);
      expect(again.body.message).toBe(
        'There is already a topic called “parking”: give this one another name.',
      );
      await manager
        .post('/api/v1/topics')
        .send(topic(['Cars', 'Autot'], ['car']))
        .expect(403);
      const listed = await manager.get('/api/v1/topics').expect(200);
      expect(listed.body.items.map((item: { names: { en: string } }) => item.names.en)).toContain(
        'Parking',
      );
      await manager.get(`/api/v1/topics/${created.body.id}`).expect(200);
      await t
        .http()
        .delete(`/api/v1/topics/${created.body.id}`)
        .set('cookie', adminSession.cookie)
        .set('x-csrf-token', adminSession.csrfToken)
        .expect(204);
      await admin.get(`/api/v1/topics/${created.body.id}`).expect(404);
    });
  });

  describe('tagging', () => {
    it('tags a comment written after its rule exists, English stems and Finnish forms alike', async () => {
      await admin
        .post('/api/v1/topics')
        .send(topic(['Rooms', 'Huoneet'], ['room', 'front desk'], ['huone', 'vastaanotto']))
        .expect(201);
      await retagDone();
      const english = await answered('The rooms were cold and dusty.');
      const finnish = await answered('Huoneessa oli kylmä.', 2, 'fi');
      const phrase = await answered('Nobody at the front desk.');
      const neither = await answered('Desk at the front was empty, lovely pool.');
      await topicsOf(english, ['Rooms']);
      await topicsOf(finnish, ['Rooms']);
      await topicsOf(phrase, ['Rooms']);
      await topicsOf(neither, []);
    });

    it('tags anonymous comments when the inbox releases them, and counts them per topic', async () => {
      await admin
        .post('/api/v1/topics')
        .send(topic(['Noise', 'Melu'], ['noisy'], ['melu']))
        .expect(201);
      await retagDone();
      for (let i = 0; i < 10; i += 1) {
        const invited = await t.invite();
        await t
          .http()
          .post(`/s/${invited.token}`)
          .set('accept', 'application/json')
          .send({
            consent: 'anonymous',
            score: 2,
            comment: i % 2 ? 'Noisy corridor.' : 'Melua koko yön.',
          })
          .expect(201);
      }
      await eventually(async () => {
        const tagged = await t.count(
          `SELECT count(*)::int AS n FROM comment_topics ct JOIN topics t ON t.id = ct.topic_id
           WHERE ct.anonymous_response_id IS NOT NULL AND t.names->>'en' = 'Noise'`,
        );
        expect(tagged).toBe(10);
      }, 15_000);
      const day = 86_400_000;
      const report = await manager
        .get(
          `/api/v1/reports/topics?from=${new Date(Date.now() - 40 * day).toISOString()}&to=${new Date(Date.now() + 40 * day).toISOString()}`,
        )
        .expect(200);
      expect(
        report.body.items.find((item: { topic: { name: string } }) => item.topic.name === 'Noise'),
      ).toMatchObject({
        comments: 10,
        previousComments: 0,
        change: 10,
        averageScore: { csat5: 2 },
        previousAverageScore: {},
      });
    });

    it('re-tags existing comments when a rule changes, with progress up to done', async () => {
      const coffee = await answered('Breakfast coffee was lukewarm.');
      const eggs = await answered('The eggs at breakfast were great.', 5);
      await topicsOf(coffee, []);
      const created = await admin
        .post('/api/v1/topics')
        .send(topic(['Breakfast', 'Aamiainen'], ['coffee'], ['aamiai*']))
        .expect(201);
      await retagDone();
      await topicsOf(coffee, ['Breakfast']);
      await topicsOf(eggs, []);

      await admin
        .put(`/api/v1/topics/${created.body.id}`)
        .send(topic(['Breakfast', 'Aamiainen'], ['eggs']))
        .expect(200);
      await retagDone();
      await topicsOf(coffee, []);
      await topicsOf(eggs, ['Breakfast']);

      // Switched off: it keeps its rules and tags nothing.
      await admin
        .put(`/api/v1/topics/${created.body.id}`)
        .send({ ...topic(['Breakfast', 'Aamiainen'], ['eggs']), active: false })
        .expect(200);
      await retagDone();
      await topicsOf(eggs, []);
    });

    it('goes on where a killed run stopped', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 4; i += 1) ids.push(await answered(`Pillow number ${i} was flat.`));
      await admin
        .post('/api/v1/topics')
        .send(topic(['Pillows', 'Tyynyt'], ['pillow']))
        .expect(201);
      await retagDone();
      // As a worker killed mid-run leaves it: running, its place after the second comment, and
      // (so that what it does next shows) no comment tagged.
      const [after] = [...ids].sort().slice(1, 2);
      const total = await t.count(
        `SELECT ((SELECT count(*) FROM responses WHERE comment IS NOT NULL)
           + (SELECT count(*) FROM anonymous_responses WHERE comment IS NOT NULL))::int AS n`,
      );
      const before = await t.count(
        'SELECT count(*)::int AS n FROM responses WHERE comment IS NOT NULL AND id <= $1',
        [after],
      );
      const { rows } = await t.db.query<{ id: string }>(
        `INSERT INTO topic_retags (status, phase, after_id, total, done, started_at)
         VALUES ('running', 'identified', $1, $2, $3, now()) RETURNING id::text`,
        [after, total, before],
      );
      await t.db.query('DELETE FROM comment_topics');
      await expect(t.app.get(TopicRetag).run(rows[0].id)).resolves.toEqual({ status: 'success' });

      const run = await t.db.query('SELECT status, done, total FROM topic_retags WHERE id = $1', [
        rows[0].id,
      ]);
      expect(run.rows[0]).toEqual({ status: 'done', done: total, total });
      const tagged = await t.db.query<{ id: string }>(
        'SELECT response_id AS id FROM comment_topics WHERE response_id = ANY($1::uuid[]) ORDER BY 1',
        [ids],
      );
      expect(tagged.rows.map((row) => row.id)).toEqual(ids.filter((id) => id > after).sort());
    });
  });

  describe('preview', () => {
    it('counts and shows the recent comments rules would match, anonymous ones by month only', async () => {
      const id = await answered('The radiator in my room rattled all night.');
      await t.db.query(
        `INSERT INTO anonymous_responses (survey_version_id, score, dissatisfied, answers, comment, submitted_month)
         SELECT id, 2, true, '{}', 'Radiators rattle, do something.', date_trunc('month', now())::date
         FROM survey_versions LIMIT 1`,
      );
      const preview = await manager
        .post('/api/v1/topics/preview')
        .send({ rules: { en: ['radiator'], fi: ['patteri'] } })
        .expect(200);
      expect(preview.body.days).toBe(90);
      // One anonymous match is fewer than 5: not counted, never shown (a rule can single one out).
      expect(preview.body.matches).toEqual({ identified: 1, anonymous: null, total: 1 });
      const examples = preview.body.examples as Record<string, unknown>[];
      expect(examples).toEqual([
        expect.objectContaining({
          comment: 'The radiator in my room rattled all night.',
          score: 2,
          scale: 'csat5',
          identified: true,
        }),
      ]);
      expect(JSON.stringify(preview.body)).not.toContain('Radiators rattle');
      expect(JSON.stringify(preview.body)).not.toContain(id);

      const none = await admin.post('/api/v1/topics/preview').send({}).expect(400);
      expect(none.body.message).toBe(
        'The request is not valid: rules must be an object of word lists by language (en, fi).',
      );
      const bad = await admin.post('/api/v1/topics/preview').send({ rules: { en: ['of'] } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('The English rule “of” has no word to search for');
    });
  });

  describe('frequent phrases', () => {
    const period = () => {
      const day = 86_400_000;
      return `from=${new Date(Date.now() - 40 * day).toISOString()}&to=${new Date(Date.now() + 40 * day).toISOString()}`;
    };
    const phrases = async (query = '') =>
      (await manager.get(`/api/v1/reports/phrases?${period()}${query}`).expect(200)).body as {
        items: { phrase: string; comments: number; averageScore: Record<string, number> }[];
        anonymousIncluded: boolean;
        minComments: number;
        cap: number;
      };
    /** `n` anonymous answers to the survey `spa` (its own, so that no other test's count). */
    const anonymously = async (comment: string, n: number) => {
      await t.db.query(
        `INSERT INTO anonymous_responses (survey_version_id, score, dissatisfied, answers, comment, submitted_month)
         SELECT v.id, 1, true, '{}', $1, date_trunc('month', now())::date
         FROM survey_versions v JOIN surveys s ON s.id = v.survey_id, generate_series(1, $2)
         WHERE s.key = 'spa'`,
        [comment, n],
      );
    };

    it('counts phrases by comment, leaves stop words out, hides the rare and averages the score', async () => {
      await answered('The squeaky elevator woke us. The squeaky elevator again!', 1);
      await answered('A squeaky elevator near our room.', 2);
      await answered('Squeaky elevator, purple carpet.', 3);
      await answered('Purple carpet in the hall.', 5);
      const body = await phrases('&survey=stay&locale=en');
      expect(body).toMatchObject({ minComments: 3, cap: 20000 });
      const squeaky = body.items.find((item) => item.phrase === 'squeaky elevator');
      expect(squeaky).toEqual({
        phrase: 'squeaky elevator',
        words: 2,
        comments: 3,
        averageScore: { csat5: 2 },
      });
      // "squeaky" and "elevator" alone add nothing: never said apart from each other.
      expect(body.items.map((item) => item.phrase)).not.toContain('squeaky');
      expect(body.items.map((item) => item.phrase)).not.toContain('purple carpet');
      for (const item of body.items) {
        expect(item.phrase).not.toMatch(
          /^(the|a|in|near|our|again|us) |\b(the|a|in|near|our) $|^(the|a)$/,
        );
      }
    });

    it('reads anonymous comments only when the period has ten', async () => {
      await t.app.get(SurveysService).createSurvey({ ...DEMO_SURVEY, key: 'spa', name: 'Spa' });
      await anonymously('Sticky minibar door.', 9);
      let body = await phrases('&survey=spa');
      expect(body.anonymousIncluded).toBe(false);
      expect(body.items.map((item) => item.phrase)).not.toContain('sticky minibar door');
      await anonymously('Sticky minibar door.', 1);
      body = await phrases('&survey=spa');
      expect(body.anonymousIncluded).toBe(true);
      expect(body.items.find((item) => item.phrase === 'sticky minibar door')).toMatchObject({
        comments: 10,
        averageScore: { csat5: 1 },
      });
    });

    it('refuses a bad period or survey with a sentence', async () => {
      const bad = await manager.get('/api/v1/reports/phrases?survey=nope&locale=sv').expect(400);
      expect(bad.body.code).toBe('validation_failed');
      const backwards = await manager
        .get('/api/v1/reports/topics?from=2026-02-01&to=2026-01-01')
        .expect(400);
      expect(backwards.body.message).toBe('The request is not valid: from must be before to.');
    });
  });

  describe('the topic filter and the CSV column', () => {
    it('narrows cases and the CSV exports to a topic, and names every topic of a row', async () => {
      const created = await admin
        .post('/api/v1/topics')
        .send(topic(['Billing', 'Laskutus'], ['invoice'], ['lasku*']))
        .expect(201);
      const id = created.body.id as string;
      await retagDone();
      const billed = await unhappyCase(t, 1, { answer: { comment: 'Wrong invoice, cold room.' } });
      const other = await unhappyCase(t, 1, { answer: { comment: 'Shower was cold.' } });
      const response = await t.db.query<{ id: string }>(
        'SELECT response_id AS id FROM follow_up_cases WHERE id = $1',
        [billed.caseId],
      );
      await topicsOf(response.rows[0].id, ['Billing', 'Rooms']);

      for (const query of [`topic=${id}`, `topic=${id}&view=all`, `topic=${id}&q=invoice`]) {
        const cases = await manager.get(`/api/v1/cases?${query}`).expect(200);
        expect({ query, ids: cases.body.items.map((c: { id: string }) => c.id) }).toEqual({
          query,
          ids: [billed.caseId],
        });
      }
      const list = await manager.get(`/console/cases/list?topic=${id}`).expect(200);
      expect(list.text).toContain(billed.caseId);
      expect(list.text).not.toContain(other.caseId);
      const bad = await manager.get('/api/v1/cases?topic=billing').expect(400);
      expect(bad.body.message).toBe('The request is not valid: topic must be a topic id.');

      const responses = await manager
        .get(`/api/v1/reports/export.csv?rows=responses&topic=${id}`)
        .expect(200);
      const [header, ...rows] = responses.text.trim().split('\r\n');
      expect(header.split(',').at(-1)).toBe('topics');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('Wrong invoice, cold room.');
      expect(rows[0].endsWith(',Billing; Rooms')).toBe(true);
      const cases = await manager
        .get(`/api/v1/reports/export.csv?rows=cases&topic=${id}`)
        .expect(200);
      const caseRows = cases.text.trim().split('\r\n');
      expect(caseRows[0].split(',').at(-1)).toBe('topics');
      expect(caseRows.slice(1).map((row) => row.split(',')[0])).toEqual([billed.caseId]);
      expect(caseRows[1].endsWith(',Billing; Rooms')).toBe(true);
      const unknown = await manager
        .get('/api/v1/reports/export.csv?topic=00000000-0000-4000-8000-000000000000')
        .expect(400);
      expect(unknown.body.message).toBe('The request is not valid: topic is no topic here.');
    });
  });

  describe('console', () => {
    const form = (fields: Record<string, string>) =>
      new URLSearchParams({ _csrf: adminSession.csrfToken, ...fields }).toString();
    const post = (path: string, fields: Record<string, string>) =>
      t.http().post(path).set('cookie', adminSession.cookie).type('form').send(form(fields));

    it('adds a topic from its form, previews it, and refuses a bad one with its sentence', async () => {
      await answered('The lift was out of order, stairs only.');
      const fields = {
        name_en: 'Lifts',
        name_fi: 'Hissit',
        rules_en: 'lift\n"out of order"',
        rules_fi: 'hissi*, portaat',
        active: 'on',
      };
      const preview = await post('/console/admin/topics/preview', fields).expect(200);
      expect(preview.text).toContain('Matches in the last 90 days');
      expect(preview.text).toContain('The lift was out of order, stairs only.');
      expect(preview.text).toContain('value="Lifts"');

      const refused = await post('/console/admin/topics', { ...fields, rules_en: 'the' }).expect(
        400,
      );
      expect(refused.text).toContain('The English rule “the” has no word to search for');

      await post('/console/admin/topics', fields)
        .expect(303)
        .expect('location', '/console/admin/topics?done=saved');
      const list = await admin.get('/console/admin/topics?done=saved').expect(200);
      expect(list.text).toContain('The topic is saved.');
      expect(list.text).toMatch(/<a href="\/console\/admin\/topics\/[0-9a-f-]{36}">Lifts<\/a>/);
      expect(list.text).toContain('lift, out of order, hissi*, portaat');
      const id = /\/console\/admin\/topics\/([0-9a-f-]{36})">Lifts/.exec(list.text)![1];
      const edit = await admin.get(`/console/admin/topics/${id}`).expect(200);
      expect(edit.text).toContain('lift\nout of order</textarea>');
      await post(`/console/admin/topics/${id}/delete`, {}).expect(303);
      await admin.get(`/console/admin/topics/${id}`).expect(404);
    });

    it('shows managers the period’s topics and phrases on their own page', async () => {
      const page = await manager.get('/console/topics').expect(200);
      expect(page.text).toContain('<h2 id="topics-heading">Topics</h2>');
      expect(page.text).toContain('<h2 id="phrases-heading">Frequent phrases</h2>');
      expect(page.text).toContain('Rooms');
      expect(page.text).toContain('squeaky elevator');
      expect(page.text).toMatch(/<li><a href="\/console\/topics"[^>]*>Topics<\/a><\/li>/);
      const bad = await manager.get('/console/topics?from=2026-03-01&until=2026-01-01').expect(400);
      expect(bad.text).toContain('from must be before to');
    });
  });

  // Last: it rewrites every comment.
  it('seeds the demo’s topics, whose comments then show on the topics page', async () => {
    await t.db.query('DELETE FROM topics');
    await seedDemoTopics(t.app);
    await retagDone();
    const page = await manager.get('/console/topics').expect(200);
    for (const name of ['Room cleanliness', 'Breakfast', 'Check-in', 'Noise']) {
      expect(page.text).toContain(name);
    }
    const tagged = await t.count(
      `SELECT count(*)::int AS n FROM comment_topics ct JOIN topics t ON t.id = ct.topic_id
       WHERE t.names->>'en' = 'Room cleanliness'`,
    );
    expect(tagged).toBeGreaterThan(0);
  });
});
