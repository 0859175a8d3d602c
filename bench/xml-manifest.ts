/**
 * A large, realistic MT1101 import manifest for the XML benchmarks: a Ningbo port call with N bills
 * of lading, Chinese consignees and goods, two to three containers per bill with valid ISO 6346
 * numbers, seals and commodity items. Deterministic, so runs compare.
 */
import type { CustomsMessage, XmlElement } from '../src/syntax/xml/types.js';

const ALPHABET_VALUES: Record<string, number> = {};
{
  // ISO 6346: letters count from 10 and skip multiples of 11 (A=10, B=12 … K=21, L=23 …).
  let v = 10;
  for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (v % 11 === 0) v++;
    ALPHABET_VALUES[ch] = v++;
  }
}

export function iso6346(owner: string, serial: number): string {
  const body = `${owner}U${String(serial).padStart(6, '0')}`;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = body[i];
    const value = ch >= '0' && ch <= '9' ? Number(ch) : ALPHABET_VALUES[ch];
    sum += value * 2 ** i;
  }
  return `${body}${(sum % 11) % 10}`;
}

const CONSIGNEES = [
  ['宁波甬港国际贸易有限公司', '浙江省宁波市鄞州区天童南路588号', '宁波市'],
  ['浙江海曙进出口股份有限公司', '浙江省宁波市海曙区中山西路138号', '宁波市'],
  ['义乌商城供应链管理有限公司', '浙江省义乌市稠州北路99号', '金华市'],
  ['杭州钱江冷链物流有限公司', '浙江省杭州市萧山区机场路2号', '杭州市'],
];
const GOODS = [['冷冻带鱼', '0303890090'], ['聚乙烯颗粒', '3901100090'], ['电动自行车零件', '8714100090'], ['棉制针织T恤衫', '6109100021']];

function bill(i: number): XmlElement {
  const [name, line, city] = CONSIGNEES[i % CONSIGNEES.length];
  const [goods, hs] = GOODS[i % GOODS.length];
  const containers = 2 + (i % 2);
  const ids = Array.from({ length: containers }, (_, k) => iso6346(['MSK', 'CSN', 'OOL', 'TGH'][(i + k) % 4], 100000 + i * 3 + k));
  return {
    TransportContractDocument: { ID: `NGB${String(240000 + i).padStart(8, '0')}`, ConditionCode: '10' },
    LoadingLocation: { ID: 'KRPUS', LoadingDate: '20240305120000' },
    UnloadingLocation: { ID: 'CNNGB/3100', ArrivalDate: '20240308' },
    FreightPayment: { MethodCode: 'PP' },
    ConsignmentPackaging: { QuantityQuantity: String(100 + (i % 900)), TypeCode: 'CT' },
    TotalGrossMassMeasure: (12000 + i * 1.5).toFixed(3),
    Consignee: { ID: `USCI+91330200${String(i).padStart(10, '0')}`, Name: name, Address: { Line: line, CityName: city, CountryCode: 'CN' }, Communication: [{ ID: '0574-87654321', TypeID: 'TE' }] },
    Consignor: { Name: 'HANIL TRADING CO., LTD.', Address: { Line: '12 CHUNGANG-DAERO, JUNG-GU', CityName: 'BUSAN', CountryCode: 'KR' } },
    NotifyParty: { Name: name, Address: { Line: line } },
    TransportEquipment: ids.map((id) => ({ EquipmentIdentification: { ID: id }, CharacteristicCode: '45G1', FullnessCode: '5', SealID: [{ '@AgencyCode': 'CA', '#text': `KR${String(i * 7 + 1000000).slice(-7)}` }] })),
    ConsignmentItem: [{
      SequenceNumeric: '1',
      ConsignmentItemPackaging: { QuantityQuantity: String(100 + (i % 900)), TypeCode: 'CT', MarksNumbers: 'N/M' },
      Commodity: { CargoDescription: `${goods} (${goods === '冷冻带鱼' ? 'FROZEN HAIRTAIL' : 'GENERAL CARGO'})`, TariffClassificationCode: hs },
      GoodsMeasure: { GrossMassMeasure: (12000 + i * 1.5).toFixed(3) },
      EquipmentIdentification: ids.map((id) => ({ ID: id })),
    }],
  };
}

export function bigManifest(bills: number): CustomsMessage {
  return {
    type: 'MT1101',
    head: { MessageID: 'CN_MT1101_1p0_3100NB00001_20240308093000123', FunctionCode: '9', MessageType: 'MT1101', SenderID: '3100NB00001', ReceiverID: 'EPORT', SendTime: '20240308093000123', Version: '1.0' },
    declaration: {
      RepresentativePerson: { Name: '宁波外轮代理有限公司' },
      ExitCustomsOffice: { ID: 'KRPUS' },
      Carrier: { ID: 'HLCU' },
      BorderTransportMeans: { JourneyID: '024E', TypeCode: '1', ID: 'UN9000003', Name: 'ZHE HAI QI', FirstArrivalLocationID: 'CNNGB', ArrivalDateTime: '20240308060000', DepartureDateTime: '20240305180000' },
      Consignment: Array.from({ length: bills }, (_, i) => bill(i)),
    },
  };
}
