import { classifyFailure } from './mail-transport';

function failure(props: { code?: string; originalCode?: string; responseCode?: number }) {
  return Object.assign(new Error('failed'), props);
}

describe('classifyFailure', () => {
  it.each([
    [{ code: 'EMESSAGE', responseCode: 451 }, 'transient'],
    [{ code: 'EENVELOPE', responseCode: 421 }, 'transient'],
    [{ code: 'EMESSAGE', responseCode: 503 }, 'transient'],
    [{ code: 'ECONNECTION' }, 'transient'],
    [{ code: 'ETIMEDOUT' }, 'transient'],
    [{ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }, 'transient'],
    [{ code: 'ECONNRESET' }, 'transient'],
    [{ code: 'EMESSAGE', responseCode: 550 }, 'permanent'],
    [{ code: 'EENVELOPE', responseCode: 552 }, 'permanent'],
    [{ code: 'EENVELOPE' }, 'permanent'],
    [{ code: 'EAUTH', responseCode: 535 }, 'configuration'],
    [{ code: 'ENOAUTH' }, 'configuration'],
    [{ code: 'ETLS' }, 'configuration'],
    [{ code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED' }, 'configuration'],
    [{ code: 'ESOCKET', originalCode: 'ERR_SSL_WRONG_VERSION_NUMBER' }, 'configuration'],
    // A relay that wants a login refuses MAIL FROM with 530: no message would get through.
    [{ code: 'EENVELOPE', responseCode: 530 }, 'configuration'],
    [{ code: 'EENVELOPE', responseCode: 538 }, 'configuration'],
  ])('%j is %s', (props, kind) => {
    expect(classifyFailure(failure(props))).toBe(kind);
  });
});
